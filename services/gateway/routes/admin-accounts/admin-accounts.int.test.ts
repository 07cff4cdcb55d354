import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import knex, { type Knex } from 'knex';
import {
  accountLeftovers,
  nothingLeft,
  settledAccountLeftovers,
} from '../../../internal/testing/account-leftovers';
import {
  signUpAdmin,
  signUpUser,
  uploadFile,
  uploadVersion,
  type ApiUser,
} from '../../../internal/testing/api-users';
import { eventually } from '../../../internal/testing/eventually';
import { apiClient } from '../../../internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../../../internal/testing/test-platform';

// The whole app with its worker: an account deleted through REST is gone
// everywhere, its login fails, and the deletion is found in Temporal by the
// user's id.
describe('DELETE /v1/admin/users/{id} end to end', () => {
  let app: TestPlatform;
  let db: Knex;
  let connection: Connection;
  let temporal: Client;
  let admin: ApiUser;

  beforeAll(async () => {
    app = await startTestPlatform();
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    temporal = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE });
    admin = await signUpAdmin(app.baseUrl, db);
  });

  afterAll(async () => {
    await connection?.close();
    await db?.destroy();
    await app?.stop();
  });

  /** A user with ready files, an older version, a trashed file and a folder. */
  async function userWithFiles(): Promise<{ user: ApiUser; fileIds: string[] }> {
    const user = await signUpUser(app.baseUrl, 'doomed');
    const folder = await user.call('POST', '/v1/folders', { body: { name: 'photos' } });
    expect(folder.status).toBe(201);
    const fileIds = [
      await uploadFile(user, Buffer.from('first file')),
      await uploadFile(user, Buffer.from('second file')),
      await uploadFile(user, Buffer.from('to the trash')),
    ];
    await uploadVersion(user, fileIds[0]!, Buffer.from('first file, version two'));
    expect((await user.call('DELETE', `/v1/files/${fileIds[2]}`)).status).toBe(202);
    // A group with the admin, a message with a file and a channel level: chat and notifications rows.
    const channel = await user.call('POST', '/v1/channels', {
      body: { type: 'group', name: 'doomed team', memberIds: [admin.id] },
    });
    expect(channel.status).toBe(201);
    const message = await user.call('POST', `/v1/channels/${channel.body.id}/messages`, {
      body: { body: 'my last words', attachmentFileIds: [fileIds[0]] },
    });
    expect(message.status).toBe(201);
    const level = await user.call('PUT', `/v1/channels/${channel.body.id}/notification-level`, {
      body: { level: 'all' },
    });
    expect(level.status).toBe(204);
    // file.ready notifications arrive through Kafka: wait for them, so their deletion is checked too.
    await eventually(
      async () =>
        (await accountLeftovers(db, user.id))['notifications.notifications']! >= 2 ? true : undefined,
      'the file.ready notifications',
    );
    return { user, fileIds };
  }

  it('disables the account at once, deletes every object, version and row, and the login fails after', async () => {
    const { user } = await userWithFiles();
    const before = await accountLeftovers(db, user.id);
    expect(before['S3 versions']).toBe(4);
    expect(before['files.file_versions']).toBe(4);

    const deleted = await admin.call('DELETE', `/v1/admin/users/${user.id}`);
    expect(deleted.status).toBe(202);
    expect(deleted.body).toEqual({
      userId: user.id,
      workflowId: `account-deletion:${user.id}`,
      status: 'deleting',
    });
    // The same answer while it runs.
    expect((await admin.call('DELETE', `/v1/admin/users/${user.id}`)).body).toEqual(deleted.body);
    // Disabled before the workflow ran a step: the access token no longer works.
    expect((await user.call('GET', '/v1/me')).status).toBe(401);

    const handle = temporal.workflow.getHandle(deleted.body.workflowId);
    expect(await handle.result()).toEqual({
      step: 'done',
      deletedObjectVersions: 4,
      deletedFiles: 3,
    });
    expect(before['chat.messages (not erased)']).toBe(1);
    // Chat and notifications forget the account through account.deleted, shortly after the workflow.
    expect(await settledAccountLeftovers(db, user.id)).toEqual(nothingLeft(before));

    const login = await apiClient(app.baseUrl)('POST', '/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('invalid_credentials');

    // Asked again once it is done: the same answer, and nothing runs twice.
    expect((await admin.call('DELETE', `/v1/admin/users/${user.id}`)).body).toEqual(deleted.body);
    const description = await handle.describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.searchAttributes).toMatchObject({ UserId: [user.id] });
    expect(description.memo).toMatchObject({ requestedBy: admin.id });
  });

  it('finds the deletion in Temporal by the UserId search attribute', async () => {
    const user = await signUpUser(app.baseUrl, 'findable');
    const deleted = await admin.call('DELETE', `/v1/admin/users/${user.id}`);
    await temporal.workflow.getHandle(deleted.body.workflowId).result();
    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const execution of temporal.workflow.list({ query: `UserId = '${user.id}'` }))
        ids.push(execution.workflowId);
      return ids.includes(deleted.body.workflowId) ? ids : undefined;
    }, 'the deletion to be visible by UserId');
    expect(found).toContain(`account-deletion:${user.id}`);
  });

  it('answers 404 user_not_found for an account that never existed', async () => {
    const answer = await admin.call('DELETE', `/v1/admin/users/${randomUUID()}`);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(answer.body.code).toBe('user_not_found');
  });

  it('is refused to a user who is not an admin', async () => {
    const user = await signUpUser(app.baseUrl, 'not-admin');
    const other = await signUpUser(app.baseUrl, 'target');
    const answer = await user.call('DELETE', `/v1/admin/users/${other.id}`);
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('forbidden');
    expect((await accountLeftovers(db, other.id))['auth.users']).toBe(1);
  });
});
