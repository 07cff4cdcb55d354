import { createHash, randomUUID } from 'node:crypto';
import knex from 'knex';
import { eventually } from '../../../internal/testing/eventually';
import { apiClient, uniqueEmail } from '../../../internal/testing/http';
import { usePlan as givePlan, type TestPlanLimits } from '../../../internal/testing/plans';
import { startTestPlatform, type TestPlatform } from '../../../internal/testing/test-platform';

type Api = ReturnType<typeof apiClient>;
const MIB = 1024 * 1024;

/** Everything but `ingest`: uploads can then only be confirmed by the client's complete call. */
const WITHOUT_INGEST = ['gateway', 'auth', 'admin', 'billing', 'files', 'storage', 'worker'];

async function newUser(baseUrl: string) {
  const api = apiClient(baseUrl);
  const signup = await api('POST', '/v1/auth/signup', {
    body: { email: uniqueEmail('files'), password: 'correct horse battery' },
  });
  expect(signup.status).toBe(201);
  const token = signup.body.accessToken as string;
  const call: Api = (method, path, options = {}) => api(method, path, { token, ...options });
  return { id: signup.body.user.id as string, call };
}

async function putObject(upload: { url: string; headers: Record<string, string> }, bytes: Buffer) {
  return fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });
}

async function startUpload(call: Api, bytes: Buffer, extra: Record<string, unknown> = {}) {
  const response = await call('POST', '/v1/uploads', {
    body: {
      name: `file-${randomUUID()}.bin`,
      size: bytes.length,
      contentType: 'application/octet-stream',
      ...extra,
    },
  });
  expect(response.status).toBe(201);
  return response.body as {
    file: { id: string; status: string };
    upload: { url: string; headers: Record<string, string> };
  };
}

async function uploadFile(call: Api, bytes: Buffer, extra: Record<string, unknown> = {}) {
  const { file, upload } = await startUpload(call, bytes, extra);
  expect((await putObject(upload, bytes)).status).toBe(200);
  const completed = await call('POST', `/v1/uploads/${file.id}/complete`, { body: {} });
  expect(completed.status).toBe(200);
  expect(completed.body.file.status).toBe('ready');
  return completed.body.file as { id: string; name: string; size: number };
}

const usage = async (call: Api) =>
  (await call('GET', '/v1/me')).body.usage as { usedBytes: number; fileCount: number };

describe('files through the HTTP API (real MinIO, Kafka, Temporal, Postgres)', () => {
  let app: TestPlatform;
  let db: ReturnType<typeof knex>;

  beforeAll(async () => {
    app = await startTestPlatform({
      env: { MULTIPART_THRESHOLD_BYTES: String(6 * MIB), TRASH_BATCH_WINDOW_SECONDS: '1' },
    });
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  });

  afterAll(async () => {
    await db?.destroy();
    await app?.stop();
  });

  const usePlan = (userId: string, limits: TestPlanLimits) => givePlan(db, userId, limits);

  it('confirms an upload from the storage event alone (no complete call)', async () => {
    const { call } = await newUser(app.baseUrl);
    const bytes = Buffer.from('hello from an event-confirmed upload');
    const { file, upload } = await startUpload(call, bytes);
    expect(file.status).toBe('pending');
    expect((await call('GET', '/v1/files')).body.items).toEqual([]);
    expect((await putObject(upload, bytes)).status).toBe(200);
    const ready = await eventually(async () => {
      const response = await call('GET', `/v1/files/${file.id}`);
      return response.body.status === 'ready' ? response.body : undefined;
    }, 'the file to become ready from the MinIO event');
    expect(ready.size).toBe(bytes.length);
    expect(await usage(call)).toMatchObject({ usedBytes: bytes.length, fileCount: 1 });
  });

  it('confirms by the event and the complete call together: one ready file, one quota charge', async () => {
    const { call } = await newUser(app.baseUrl);
    const bytes = Buffer.alloc(64 * 1024, 7);
    const first = await uploadFile(call, bytes);
    const again = await call('POST', `/v1/uploads/${first.id}/complete`, { body: {} });
    expect(again.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await usage(call)).toMatchObject({ usedBytes: bytes.length, fileCount: 1 });
    expect((await call('GET', '/v1/files')).body.items).toHaveLength(1);
  });

  it('downloads the very bytes uploaded, named after the file', async () => {
    const { call } = await newUser(app.baseUrl);
    const bytes = Buffer.from(randomUUID().repeat(100));
    const file = await uploadFile(call, bytes, { name: 'résumé 2026.txt', contentType: 'text/plain' });
    const redirect = await call('GET', `/v1/files/${file.id}/download`);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    const object = await fetch(location);
    expect(Buffer.from(await object.arrayBuffer()).equals(bytes)).toBe(true);
    expect(object.headers.get('content-disposition')).toContain(
      "filename*=UTF-8''r%C3%A9sum%C3%A9%202026.txt",
    );
    const json = await call('GET', `/v1/files/${file.id}/download?redirect=false`);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ url: expect.stringContaining('http'), expiresAt: expect.any(String) });
  });

  it('lists the most recently opened or uploaded files first', async () => {
    const { call } = await newUser(app.baseUrl);
    const older = await uploadFile(call, Buffer.from('older'));
    const newer = await uploadFile(call, Buffer.from('newer'));
    expect((await call('GET', '/v1/files/recent')).body.items.map((file: { id: string }) => file.id)).toEqual(
      [newer.id, older.id],
    );
    await call('GET', `/v1/files/${older.id}/download?redirect=false`);
    expect((await call('GET', '/v1/files/recent')).body.items.map((file: { id: string }) => file.id)).toEqual(
      [older.id, newer.id],
    );
  });

  it('trashes a folder with everything in it, nested folders included', async () => {
    const { call } = await newUser(app.baseUrl);
    const parent = (await call('POST', '/v1/folders', { body: { name: 'Projects' } })).body;
    const child = (await call('POST', '/v1/folders', { body: { name: 'Old', parentId: parent.id } })).body;
    const taken = await call('POST', '/v1/folders', { body: { name: 'Projects' } });
    expect({ status: taken.status, code: taken.body.code }).toEqual({ status: 409, code: 'name_taken' });
    const inParent = await uploadFile(call, Buffer.from('a'), { folderId: parent.id });
    const inChild = await uploadFile(call, Buffer.from('b'), { folderId: child.id });
    const outside = await uploadFile(call, Buffer.from('c'));
    expect((await call('PATCH', `/v1/folders/${parent.id}`, { body: { parentId: child.id } })).status).toBe(
      400,
    );
    const trashed = await call('DELETE', `/v1/folders/${parent.id}`);
    expect(trashed.status).toBe(202);
    expect(trashed.body.files).toBe(2);
    expect((await call('GET', `/v1/folders/${child.id}`)).status).toBe(404);
    expect((await call('GET', '/v1/trash')).body.items.map((file: { id: string }) => file.id).sort()).toEqual(
      [inParent.id, inChild.id].sort(),
    );
    expect((await call('GET', '/v1/files')).body.items.map((file: { id: string }) => file.id)).toEqual([
      outside.id,
    ]);
    const restored = await call('POST', `/v1/files/${inChild.id}/restore`);
    expect(restored.body.file).toMatchObject({ status: 'ready', folderId: null });
  });

  it('verifies a declared sha256 and refuses bytes that do not match it', async () => {
    const { call } = await newUser(app.baseUrl);
    const bytes = Buffer.from('checksummed content');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await uploadFile(call, bytes, { sha256 });
    const wrong = await startUpload(call, bytes, {
      sha256: createHash('sha256').update('other').digest('hex'),
    });
    const put = await putObject(wrong.upload, bytes);
    expect(put.status).toBeGreaterThanOrEqual(400);
    expect((await call('GET', `/v1/files/${wrong.file.id}`)).body.status).toBe('pending');
  });

  it('never makes a file ready when the client sends more bytes than declared', async () => {
    const { call } = await newUser(app.baseUrl);
    const declared = Buffer.from('short');
    const { file, upload } = await startUpload(call, declared);
    const put = await fetch(upload.url, {
      method: 'PUT',
      headers: { ...upload.headers, 'content-length': '50' },
      body: Buffer.alloc(50, 1),
    });
    expect(put.status).toBeGreaterThanOrEqual(400);
    const completed = await call('POST', `/v1/uploads/${file.id}/complete`, { body: {} });
    expect(completed.status).toBe(409);
    expect(completed.body.code).toBe('upload_not_arrived');
    expect((await call('GET', `/v1/files/${file.id}`)).body.status).toBe('pending');
  });

  it('uploads a multipart file above the threshold and assembles it on complete', async () => {
    const { call } = await newUser(app.baseUrl);
    const bytes = Buffer.alloc(7 * MIB, 3);
    bytes.write('multipart!', 0);
    const created = await call('POST', '/v1/uploads', {
      body: { name: 'big.bin', size: bytes.length, contentType: 'application/octet-stream' },
    });
    expect(created.status).toBe(201);
    const { uploadId, partSize, partCount } = created.body.upload;
    expect(uploadId).toBeTruthy();
    const numbers = Array.from({ length: partCount }, (_, index) => index + 1);
    const { parts } = (
      await call('POST', `/v1/uploads/${created.body.file.id}/parts`, { body: { partNumbers: numbers } })
    ).body;
    const etags = [];
    for (const part of parts as Array<{ partNumber: number; url: string }>) {
      const chunk = bytes.subarray((part.partNumber - 1) * partSize, part.partNumber * partSize);
      const response = await fetch(part.url, { method: 'PUT', body: chunk });
      expect(response.status).toBe(200);
      etags.push({ partNumber: part.partNumber, etag: response.headers.get('etag')! });
    }
    const completed = await call('POST', `/v1/uploads/${created.body.file.id}/complete`, {
      body: { parts: etags },
    });
    expect(completed.status).toBe(200);
    expect(completed.body.file).toMatchObject({ status: 'ready', size: bytes.length });
    const download = await call('GET', `/v1/files/${created.body.file.id}/download?redirect=false`);
    const stored = Buffer.from(await (await fetch(download.body.url)).arrayBuffer());
    expect(createHash('sha256').update(stored).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );
  });

  it('lists with cursor pagination, sorting, search, star and folder filters', async () => {
    const { call } = await newUser(app.baseUrl);
    const folder = await call('POST', '/v1/folders', { body: { name: 'Reports' } });
    expect(folder.status).toBe(201);
    const names = ['delta.txt', 'alpha.txt', 'charlie.txt', 'bravo.txt', 'echo.txt'];
    const files = [];
    for (const [index, name] of names.entries())
      files.push(await uploadFile(call, Buffer.alloc(10 + index, 1), { name }));
    const pageOne = await call('GET', '/v1/files?limit=2&sort=name');
    expect(pageOne.body.items.map((file: { name: string }) => file.name)).toEqual(['alpha.txt', 'bravo.txt']);
    const pageTwo = await call('GET', `/v1/files?limit=2&sort=name&cursor=${pageOne.body.nextCursor}`);
    expect(pageTwo.body.items.map((file: { name: string }) => file.name)).toEqual([
      'charlie.txt',
      'delta.txt',
    ]);
    // A file inserted before the cursor position does not shift the next page.
    await uploadFile(call, Buffer.from('x'), { name: 'aardvark.txt' });
    const pageThree = await call('GET', `/v1/files?limit=2&sort=name&cursor=${pageTwo.body.nextCursor}`);
    expect(pageThree.body.items.map((file: { name: string }) => file.name)).toEqual(['echo.txt']);
    expect(pageThree.body.nextCursor).toBeNull();

    const bySizeDesc = await call('GET', '/v1/files?sort=-size&limit=3');
    expect(bySizeDesc.body.items.map((file: { size: number }) => file.size)).toEqual([14, 13, 12]);
    expect(
      (await call('GET', '/v1/files?q=HARL')).body.items.map((file: { name: string }) => file.name),
    ).toEqual(['charlie.txt']);

    const target = files[0]!;
    const patched = await call('PATCH', `/v1/files/${target.id}`, {
      body: { name: 'delta-renamed.txt', starred: true, folderId: folder.body.id },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'delta-renamed.txt',
      starred: true,
      folderId: folder.body.id,
    });
    expect(
      (await call('GET', '/v1/files?starred=true')).body.items.map((file: { id: string }) => file.id),
    ).toEqual([target.id]);
    expect((await call('GET', `/v1/files?folderId=${folder.body.id}`)).body.items).toHaveLength(1);
    expect((await call('GET', '/v1/files?folderId=root')).body.items).toHaveLength(5);
    const clash = await call('PATCH', `/v1/files/${files[1]!.id}`, {
      body: { name: 'delta-renamed.txt', folderId: folder.body.id },
    });
    expect({ status: clash.status, code: clash.body.code }).toEqual({ status: 409, code: 'name_taken' });
    const badCursor = await call('GET', '/v1/files?cursor=not-a-cursor');
    expect({ status: badCursor.status, code: badCursor.body.code }).toEqual({
      status: 400,
      code: 'invalid_cursor',
    });
  });

  it('keeps old versions, lists them, restores one, and counts every version in usage', async () => {
    const { call } = await newUser(app.baseUrl);
    const v1 = Buffer.from('version one');
    const v2 = Buffer.from('version two is longer');
    const file = await uploadFile(call, v1);
    const next = await call('POST', `/v1/files/${file.id}/versions`, {
      body: { size: v2.length, contentType: 'text/plain' },
    });
    expect(next.status).toBe(201);
    expect((await putObject(next.body.upload, v2)).status).toBe(200);
    expect((await call('POST', `/v1/uploads/${file.id}/complete`, { body: {} })).body.file).toMatchObject({
      version: 2,
      size: v2.length,
    });
    const versions = await call('GET', `/v1/files/${file.id}/versions`);
    expect(
      versions.body.items.map((version: { version: number; current: boolean }) => [
        version.version,
        version.current,
      ]),
    ).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(await usage(call)).toMatchObject({ usedBytes: v1.length + v2.length, fileCount: 1 });
    const restored = await call('POST', `/v1/files/${file.id}/versions/1/restore`);
    expect(restored.body.file).toMatchObject({ version: 1, size: v1.length });
    const download = await call('GET', `/v1/files/${file.id}/download?redirect=false`);
    expect(Buffer.from(await (await fetch(download.body.url)).arrayBuffer()).toString()).toBe('version one');
  });

  it('trashes and restores a file', async () => {
    const { call } = await newUser(app.baseUrl);
    const file = await uploadFile(call, Buffer.from('keep me'));
    const trashed = await call('DELETE', `/v1/files/${file.id}`);
    expect(trashed.status).toBe(202);
    expect(trashed.body.file).toMatchObject({ status: 'trashed', purgeAt: expect.any(String) });
    expect((await call('GET', '/v1/files')).body.items).toEqual([]);
    expect((await call('GET', '/v1/trash')).body.items.map((item: { id: string }) => item.id)).toEqual([
      file.id,
    ]);
    const restored = await call('POST', `/v1/files/${file.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.file.status).toBe('ready');
    expect((await call('GET', '/v1/files')).body.items).toHaveLength(1);
  });

  it('purges a trashed file after the plan’s grace period: object, row and usage all gone', async () => {
    const user = await newUser(app.baseUrl);
    await usePlan(user.id, { quota: 10 * MIB, maxFile: MIB, trashSeconds: 2 });
    const before = await usage(user.call);
    const file = await uploadFile(user.call, Buffer.from('purge me'));
    const url = (await user.call('GET', `/v1/files/${file.id}/download?redirect=false`)).body.url as string;
    expect((await user.call('DELETE', `/v1/files/${file.id}`)).status).toBe(202);
    await eventually(
      async () => (await user.call('GET', `/v1/files/${file.id}`)).status === 404 || undefined,
      'the purge',
      30_000,
    );
    expect((await fetch(url)).status).toBe(404);
    expect(await db('files.file_versions').where({ file_id: file.id })).toEqual([]);
    expect(await usage(user.call)).toMatchObject({
      usedBytes: before.usedBytes,
      fileCount: before.fileCount,
    });
  });

  it('empties the trash now with DELETE /v1/trash', async () => {
    const { call } = await newUser(app.baseUrl);
    const file = await uploadFile(call, Buffer.from('bye'));
    await call('DELETE', `/v1/files/${file.id}`);
    const emptied = await call('DELETE', '/v1/trash');
    expect(emptied.status).toBe(202);
    expect(emptied.body.files).toBe(1);
    await eventually(
      async () => (await call('GET', '/v1/trash')).body.items.length === 0 || undefined,
      'the trash to empty',
    );
    expect(await usage(call)).toMatchObject({ usedBytes: 0, fileCount: 0 });
  });

  it('refuses uploads over the plan’s max file size (413) or quota (403) before any URL is issued', async () => {
    const user = await newUser(app.baseUrl);
    await usePlan(user.id, { quota: 1000, maxFile: 600, trashSeconds: 60 });
    const tooBig = await user.call('POST', '/v1/uploads', {
      body: { name: 'a.bin', size: 601, contentType: 'application/octet-stream' },
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('payload_too_large');
    await uploadFile(user.call, Buffer.alloc(500));
    const overQuota = await user.call('POST', '/v1/uploads', {
      body: { name: 'b.bin', size: 501, contentType: 'application/octet-stream' },
    });
    expect(overQuota.status).toBe(403);
    expect(overQuota.body.code).toBe('quota_exceeded');
    expect(overQuota.body.upload).toBeUndefined();
  });

  it('answers 404 on every file route for another user’s file', async () => {
    const owner = await newUser(app.baseUrl);
    const stranger = await newUser(app.baseUrl);
    const file = await uploadFile(owner.call, Buffer.from('private'));
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/v1/files/${file.id}`],
      ['PATCH', `/v1/files/${file.id}`, { name: 'mine.txt' }],
      ['GET', `/v1/files/${file.id}/download`],
      ['DELETE', `/v1/files/${file.id}`],
      ['POST', `/v1/files/${file.id}/restore`],
      ['GET', `/v1/files/${file.id}/versions`],
      ['POST', `/v1/files/${file.id}/versions`, { size: 1, contentType: 'text/plain' }],
      ['POST', `/v1/files/${file.id}/versions/1/restore`],
      ['POST', `/v1/uploads/${file.id}/complete`, {}],
      ['POST', `/v1/uploads/${file.id}/parts`, { partNumbers: [1] }],
      ['DELETE', `/v1/uploads/${file.id}`],
    ];
    for (const [method, path, body] of routes) {
      const response = await stranger.call(method, path, body === undefined ? {} : { body });
      expect({ method, path, status: response.status, code: response.body.code }).toEqual({
        method,
        path,
        status: 404,
        code: 'file_not_found',
      });
    }
    expect((await owner.call('GET', `/v1/files/${file.id}`)).body.status).toBe('ready');
  });
});

describe('uploads without the storage event path', () => {
  let app: TestPlatform;

  beforeAll(async () => {
    app = await startTestPlatform({ targets: WITHOUT_INGEST, env: { UPLOAD_URL_TTL_SECONDS: '2' } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('confirms by the complete call alone', async () => {
    const { call } = await newUser(app.baseUrl);
    const bytes = Buffer.from('completed by the client');
    const file = await uploadFile(call, bytes);
    expect(file.size).toBe(bytes.length);
    expect(await usage(call)).toMatchObject({ usedBytes: bytes.length, fileCount: 1 });
  });

  it('empties the trash at once even though trash timers batch by the hour here', async () => {
    const { call } = await newUser(app.baseUrl);
    const file = await uploadFile(call, Buffer.from('now, not in an hour'));
    expect((await call('DELETE', `/v1/files/${file.id}`)).status).toBe(202);
    expect((await call('DELETE', '/v1/trash')).status).toBe(202);
    await eventually(
      async () => (await call('GET', '/v1/trash')).body.items.length === 0 || undefined,
      'the trash to empty',
      20_000,
    );
    expect(await usage(call)).toMatchObject({ usedBytes: 0, fileCount: 0 });
  });

  it('expires an upload that is never performed and releases its quota', async () => {
    const { call } = await newUser(app.baseUrl);
    const { file } = await startUpload(call, Buffer.alloc(1000));
    await eventually(
      async () => (await call('GET', `/v1/files/${file.id}`)).status === 404 || undefined,
      'the upload to expire',
      20_000,
    );
    expect(await usage(call)).toMatchObject({ usedBytes: 0, fileCount: 0 });
  });
});
