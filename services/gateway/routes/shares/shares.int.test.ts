import { randomUUID } from 'node:crypto';
import knex from 'knex';
import { signUpUser, uploadFile, verifyEmail, type ApiUser } from '../../../internal/testing/api-users';
import { eventually } from '../../../internal/testing/eventually';
import { requireMailpit } from '../../../internal/testing/mailpit';
import { startTestPlatform, type TestPlatform } from '../../../internal/testing/test-platform';

const BYTES = Buffer.from('the quarterly numbers');

// The whole platform: a share made through the gateway reaches the grantee
// only after auth's user.email_verified went through Kafka to the files
// service's grantee-accounts consumer.
describe('shares through the HTTP API (real Postgres, Kafka, MinIO, Temporal, Mailpit)', () => {
  requireMailpit();
  let app: TestPlatform;
  let db: ReturnType<typeof knex>;

  beforeAll(async () => {
    app = await startTestPlatform();
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  });

  afterAll(async () => {
    await db?.destroy();
    await app?.stop();
  });

  const sharedWithMe = async (user: ApiUser, query = '') => {
    const response = await user.call('GET', `/v1/shared-with-me${query}`);
    expect(response.status).toBe(200);
    return response.body as { items: Array<Record<string, any>>; nextCursor: string | null };
  };

  it('shares a file with an address that reaches its account once verified, lists, revokes', async () => {
    const owner = await signUpUser(app.baseUrl, 'owner');
    const grantee = await signUpUser(app.baseUrl, 'grantee');
    const fileId = await uploadFile(owner, BYTES, 'numbers.txt');

    const created = await owner.call('POST', `/v1/files/${fileId}/shares`, {
      body: { email: ` ${grantee.email.toUpperCase()} `, role: 'viewer' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      itemKind: 'file',
      itemId: fileId,
      email: grantee.email,
      role: 'viewer',
      createdAt: expect.any(String),
    });
    // An address nobody has: the same status and the same fields.
    const unknown = await owner.call('POST', `/v1/files/${fileId}/shares`, {
      body: { email: `nobody-${randomUUID()}@example.test`, role: 'editor' },
    });
    expect(unknown.status).toBe(201);
    expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(created.body).sort());

    // Not verified yet: the share does not reach the account.
    expect((await sharedWithMe(grantee)).items).toEqual([]);
    expect((await grantee.call('GET', `/v1/files/${fileId}`)).status).toBe(404);

    await verifyEmail(app.baseUrl, grantee);
    const items = await eventually(async () => {
      const page = await sharedWithMe(grantee);
      return page.items.length > 0 ? page.items : undefined;
    }, 'the share claimed by the verified address');
    const ownView = (await owner.call('GET', `/v1/files/${fileId}`)).body;
    expect(items).toEqual([
      { kind: 'file', role: 'viewer', sharedAt: created.body.createdAt, file: ownView },
    ]);
    const files = await grantee.call('GET', '/v1/files?sharedWithMe=true&q=NUMBERS');
    expect(files.body).toEqual({ items: [ownView], nextCursor: null });
    expect((await grantee.call('GET', '/v1/files?sharedWithMe=true&starred=true')).status).toBe(400);

    // A viewer may not share, list or revoke: 403, since they know the file exists.
    const byGrantee = await grantee.call('POST', `/v1/files/${fileId}/shares`, {
      body: { email: `x-${randomUUID()}@example.test`, role: 'viewer' },
    });
    expect(byGrantee.status).toBe(403);
    expect(byGrantee.body.code).toBe('forbidden');
    expect((await grantee.call('GET', `/v1/files/${fileId}/shares`)).status).toBe(403);

    const listed = await owner.call('GET', `/v1/files/${fileId}/shares`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((share: { id: string }) => share.id).sort()).toEqual(
      [created.body.id, unknown.body.id].sort(),
    );

    const revokePath = `/v1/files/${fileId}/shares/${created.body.id}`;
    expect((await owner.call('DELETE', revokePath)).status).toBe(204);
    expect((await owner.call('DELETE', revokePath)).status).toBe(204);
    const notOfThisFile = await owner.call('DELETE', `/v1/files/${fileId}/shares/${randomUUID()}`);
    expect(notOfThisFile.status).toBe(404);
    expect(notOfThisFile.body.code).toBe('share_not_found');
    expect((await sharedWithMe(grantee)).items).toEqual([]);
    expect((await grantee.call('GET', `/v1/files/${fileId}`)).status).toBe(404);
  });

  it('shares a folder as editor; sharing again changes the role; another user gets 404; bad input 400', async () => {
    const owner = await signUpUser(app.baseUrl, 'owner');
    const grantee = await signUpUser(app.baseUrl, 'grantee');
    await verifyEmail(app.baseUrl, grantee);
    const folder = (await owner.call('POST', '/v1/folders', { body: { name: 'Projects' } })).body;
    const path = `/v1/folders/${folder.id}/shares`;

    const first = await owner.call('POST', path, { body: { email: grantee.email, role: 'viewer' } });
    const again = await owner.call('POST', path, { body: { email: grantee.email, role: 'editor' } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: first.body.id, itemKind: 'folder', role: 'editor' });

    const items = await eventually(async () => {
      const page = await sharedWithMe(grantee);
      return page.items.length > 0 ? page.items : undefined;
    }, 'the folder share claimed');
    expect(items).toEqual([
      {
        kind: 'folder',
        role: 'editor',
        sharedAt: first.body.createdAt,
        folder: expect.objectContaining({ id: folder.id, name: 'Projects' }),
      },
    ]);
    // Folders are not files: the files view of shared-with-me leaves them out.
    expect((await grantee.call('GET', '/v1/files?sharedWithMe=true')).body.items).toEqual([]);

    const stranger = await signUpUser(app.baseUrl, 'stranger');
    const refused = await stranger.call('POST', path, { body: { email: stranger.email, role: 'viewer' } });
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('folder_not_found');
    expect((await stranger.call('DELETE', `${path}/${first.body.id}`)).status).toBe(404);

    for (const body of [
      { email: 'not-an-address', role: 'viewer' },
      { email: grantee.email, role: 'owner' },
      { email: grantee.email, role: 'viewer', granteeId: randomUUID() },
    ]) {
      const invalid = await owner.call('POST', path, { body });
      expect(invalid.status).toBe(400);
      expect(invalid.body.code).toBe('invalid_argument');
    }
  });

  it('answers 400 for sharing with the owner’s own verified address', async () => {
    const owner = await signUpUser(app.baseUrl, 'owner');
    await verifyEmail(app.baseUrl, owner);
    const fileId = await uploadFile(owner, BYTES);
    await eventually(
      async () =>
        (await db.withSchema('files').table('grantee_accounts').where({ user_id: owner.id }).first()) ??
        undefined,
      'the owner’s verified address known to the files service',
    );
    const own = await owner.call('POST', `/v1/files/${fileId}/shares`, {
      body: { email: owner.email, role: 'viewer' },
    });
    expect(own.status).toBe(400);
    expect(own.body.code).toBe('invalid_argument');
  });

  it('lists share_not_found and the share routes in the OpenAPI document', async () => {
    const document = (await fetch(`${app.baseUrl}/openapi.json`).then((response) => response.json())) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    for (const path of ['/v1/files/{id}/shares', '/v1/folders/{id}/shares'])
      expect(Object.keys(document.paths[path] ?? {}).sort()).toEqual(['get', 'post']);
    expect(JSON.stringify(document.paths['/v1/files/{id}/shares/{shareId}']?.delete)).toContain(
      'share_not_found',
    );
    expect(document.paths['/v1/shared-with-me']?.get).toBeDefined();
  });
});
