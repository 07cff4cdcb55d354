import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import knex, { type Knex } from 'knex';
import {
  accountLeftovers,
  nothingLeft,
  settledAccountLeftovers,
} from '../internal/testing/account-leftovers';
import { signUpAdmin, signUpUser, uploadFile, uploadVersion } from '../internal/testing/api-users';
import { startTestPlatform, type TestPlatform } from '../internal/testing/test-platform';
import { MainProcess } from '../internal/testing/main-process';

// The app runs in this process without its worker; the worker is a separate
// process killed with SIGKILL while it deletes an account, then started
// again: the deletion finishes, and nothing of the account is left half.
const WITHOUT_WORKER = [
  'gateway',
  'auth',
  'admin',
  'billing',
  'files',
  'storage',
  'ingest',
  'chat',
  'notifications',
];
const FILES = 12;

describe('a worker killed in the middle of an account deletion', () => {
  let app: TestPlatform;
  let worker: MainProcess;
  let db: Knex;
  let connection: Connection;
  let temporal: Client;
  const taskQueue = `account-deletion-crash-${randomUUID()}`;

  beforeAll(async () => {
    app = await startTestPlatform({ targets: WITHOUT_WORKER, env: { TEMPORAL_TASK_QUEUE: taskQueue } });
    worker = new MainProcess('worker', {
      TEMPORAL_TASK_QUEUE: taskQueue,
      GRPC_PORT: String(app.grpcPort),
      LOG_LEVEL: 'warn',
    });
    await worker.start();
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    temporal = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE });
  });

  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
    await db?.destroy();
    await app?.stop();
  });

  it('finishes after restarts and leaves no object, version or row in any schema', async () => {
    const admin = await signUpAdmin(app.baseUrl, db);
    const user = await signUpUser(app.baseUrl, 'crash-deleted');
    const fileIds: string[] = [];
    for (let index = 0; index < FILES; index += 1)
      fileIds.push(await uploadFile(user, Buffer.alloc(700 + index, index)));
    for (const fileId of fileIds.slice(0, 4))
      await uploadVersion(user, fileId, Buffer.from(`v2 of ${fileId}`));
    for (const fileId of fileIds.slice(4, 7))
      expect((await user.call('DELETE', `/v1/files/${fileId}`)).status).toBe(202);
    const before = await accountLeftovers(db, user.id);
    expect(before['S3 versions']).toBe(FILES + 4);

    const deleted = await admin.call('DELETE', `/v1/admin/users/${user.id}`);
    expect(deleted.status).toBe(202);
    // Kill the worker while it works through the steps, twice, at random moments.
    for (let kill = 0; kill < 2; kill += 1) {
      await sleep(Math.floor(Math.random() * 400));
      await worker.kill();
      await worker.start();
    }

    const handle = temporal.workflow.getHandle(deleted.body.workflowId);
    expect(await handle.result()).toMatchObject({ step: 'done' });
    // Chat and notifications forget the account through account.deleted, shortly after the workflow.
    expect(await settledAccountLeftovers(db, user.id)).toEqual(nothingLeft(before));
    // Steps repeated after a kill reached no further than the account.
    expect((await accountLeftovers(db, admin.id))['auth.users']).toBe(1);
    // A step killed mid-way is retried once its timeout (20-30 s) passes.
  }, 180_000);
});
