import knex from 'knex';
import { signUpUser, uploadFile, verifyEmail, type ApiUser } from '../../internal/testing/api-users';
import { eventually } from '../../internal/testing/eventually';
import { startTestPlatform, type TestPlatform } from '../../internal/testing/test-platform';
import { createFolder, share } from './matrix-fixtures';

// What the matrix cannot show cell by cell: where a grantee's writes land
// (the owner's drive, quota and trash), access following the trash and the
// purge, the verified-email rule, no account enumeration, property-level
// refusals.
describe('sharing flows through the HTTP API (real services)', () => {
  let app: TestPlatform;
  let db: ReturnType<typeof knex>;
  let owner: ApiUser;
  let editor: ApiUser;

  const usage = async (user: ApiUser) =>
    (await user.call('GET', '/v1/me')).body.usage as { usedBytes: number; fileCount: number };
  const reaches = (user: ApiUser, path: string) =>
    eventually(
      async () => (await user.call('GET', path)).status === 200 || undefined,
      `${path} for ${user.email}`,
      30_000,
    );

  beforeAll(async () => {
    app = await startTestPlatform({ env: { TRASH_BATCH_WINDOW_SECONDS: '1' } });
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
    owner = await signUpUser(app.baseUrl, 'owner');
    editor = await signUpUser(app.baseUrl, 'editor');
    await verifyEmail(app.baseUrl, editor);
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    await app?.stop();
  });

  it('puts what an editor uploads into the owner’s drive and quota, not the editor’s', async () => {
    const folder = await createFolder(owner);
    await share(owner, 'folder', folder, editor.email, 'editor');
    await reaches(editor, `/v1/folders/${folder}`);
    const [ownerBefore, editorBefore] = [await usage(owner), await usage(editor)];
    const fileId = await uploadFile(editor, Buffer.from('written by the editor'), 'from-editor.txt', folder);
    expect(
      (await owner.call('GET', `/v1/files?folderId=${folder}`)).body.items.map((f: { id: string }) => f.id),
    ).toEqual([fileId]);
    expect((await usage(owner)).usedBytes - ownerBefore.usedBytes).toBe(21);
    expect(await usage(editor)).toEqual(editorBefore);
  });

  it('sends what an editor trashes to the owner’s trash, hides it from grantees, and brings access back on restore', async () => {
    const folder = await createFolder(owner);
    const fileId = await uploadFile(owner, Buffer.from('shared'), 'shared.txt', folder);
    await share(owner, 'folder', folder, editor.email, 'editor');
    await reaches(editor, `/v1/files/${fileId}`);
    expect((await editor.call('DELETE', `/v1/files/${fileId}`)).status).toBe(202);
    expect((await editor.call('GET', `/v1/files/${fileId}`)).status).toBe(404);
    expect((await editor.call('GET', '/v1/trash')).body.items).toEqual([]);
    expect((await owner.call('GET', '/v1/trash')).body.items.map((f: { id: string }) => f.id)).toContain(
      fileId,
    );
    // The editor's own "empty trash" is their own: the owner's file stays restorable.
    expect((await editor.call('DELETE', '/v1/trash')).body).toEqual({ files: 0 });
    expect((await owner.call('POST', `/v1/files/${fileId}/restore`)).status).toBe(200);
    expect((await editor.call('GET', `/v1/files/${fileId}`)).status).toBe(200);
  });

  it('deletes a purged file’s shares and links', async () => {
    const fileId = await uploadFile(owner, Buffer.from('to purge'), 'to-purge.txt');
    await share(owner, 'file', fileId, editor.email, 'viewer');
    expect((await owner.call('POST', `/v1/files/${fileId}/links`, { body: {} })).status).toBe(201);
    expect((await owner.call('DELETE', `/v1/files/${fileId}`)).status).toBe(202);
    expect((await owner.call('DELETE', `/v1/trash/${fileId}`)).status).toBe(202);
    await eventually(
      async () => (await owner.call('GET', `/v1/files/${fileId}`)).status === 404 || undefined,
      'the purge',
      30_000,
    );
    const count = async (table: string, column: string) =>
      Number(
        (
          await db(`files.${table}`)
            .where({ [column]: fileId })
            .count<{ count: string }[]>('* as count')
        )[0]!.count,
      );
    expect({ shares: await count('shares', 'item_id'), links: await count('links', 'file_id') }).toEqual({
      shares: 0,
      links: 0,
    });
  });

  it('reaches an account only once its address is verified, and answers alike for known and unknown addresses', async () => {
    const fileId = await uploadFile(owner, Buffer.from('for a newcomer'), 'newcomer.txt');
    const newcomerEmail = `newcomer-${Date.now()}@example.test`;
    const unknown = await owner.call('POST', `/v1/files/${fileId}/shares`, {
      body: { email: newcomerEmail, role: 'viewer' },
    });
    const known = await owner.call('POST', `/v1/files/${fileId}/shares`, {
      body: { email: editor.email, role: 'viewer' },
    });
    expect([unknown.status, Object.keys(unknown.body).sort()]).toEqual([
      known.status,
      Object.keys(known.body).sort(),
    ]);
    const newcomer = await signUpUser(app.baseUrl, 'newcomer', newcomerEmail);
    // Signed up but not verified: anyone could have registered the address.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await newcomer.call('GET', `/v1/files/${fileId}`)).status).toBe(404);
    await verifyEmail(app.baseUrl, newcomer);
    await reaches(newcomer, `/v1/files/${fileId}`);
  });

  it('never lets PATCH write the owner, status, size or version, and keeps starred the owner’s', async () => {
    const fileId = await uploadFile(owner, Buffer.from('properties'), 'properties.txt');
    await share(owner, 'file', fileId, editor.email, 'editor');
    await reaches(editor, `/v1/files/${fileId}`);
    const before = (await owner.call('GET', `/v1/files/${fileId}`)).body;
    for (const body of [{ ownerId: editor.id }, { status: 'trashed' }, { size: 1 }, { version: 7 }]) {
      const answer = await editor.call('PATCH', `/v1/files/${fileId}`, { body });
      expect({ status: answer.status, code: answer.body.code }).toEqual({
        status: 400,
        code: 'invalid_argument',
      });
    }
    const starred = await editor.call('PATCH', `/v1/files/${fileId}`, { body: { starred: true } });
    expect({ status: starred.status, code: starred.body.code }).toEqual({ status: 403, code: 'forbidden' });
    expect((await owner.call('GET', `/v1/files/${fileId}`)).body).toEqual(before);
  });
});
