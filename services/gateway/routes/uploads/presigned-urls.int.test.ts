import { randomUUID } from 'node:crypto';
import type { BucketItem } from 'minio';
import { createS3Client } from '../../../internal/s3-client';
import { eventually } from '../../../internal/testing/eventually';
import { apiClient, uniqueEmail } from '../../../internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../../../internal/testing/test-platform';

// Issue 14, finding 1: a presigned upload URL may write only the one object
// it was issued for, and only while that upload is pending. Each case below
// uses a URL after its upload is over (ready, aborted, purged) or beyond
// what it was issued for (a part number or size), against the real gateway,
// MinIO, Kafka (bucket notifications into the ingest) and Temporal.

type Api = ReturnType<typeof apiClient>;
const MIB = 1024 * 1024;
const TEXT = 'text/plain';

async function newUser(baseUrl: string) {
  const api = apiClient(baseUrl);
  const signup = await api('POST', '/v1/auth/signup', {
    body: { email: uniqueEmail('presigned'), password: 'correct horse battery' },
  });
  expect(signup.status).toBe(201);
  const token = signup.body.accessToken as string;
  const call: Api = (method, path, options = {}) => api(method, path, { token, ...options });
  return { id: signup.body.user.id as string, call };
}

interface SinglePut {
  url: string;
  headers: Record<string, string>;
}

async function startUpload(call: Api, size: number) {
  const response = await call('POST', '/v1/uploads', {
    body: { name: `file-${randomUUID()}.txt`, size, contentType: TEXT },
  });
  expect(response.status).toBe(201);
  return response.body as {
    file: { id: string };
    upload: SinglePut & { uploadId?: string; partSize?: number; partCount?: number };
  };
}

const put = (upload: SinglePut, bytes: Buffer) =>
  fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });

async function download(call: Api, fileId: string): Promise<string> {
  const response = await call('GET', `/v1/files/${fileId}/download?redirect=false`);
  expect(response.status).toBe(200);
  return (await fetch(response.body.url as string)).text();
}

describe('presigned upload URLs outlive nothing (real MinIO, Kafka, Temporal, Postgres)', () => {
  let app: TestPlatform;
  const env = process.env;
  const s3 = createS3Client({
    endpoint: env.S3_ENDPOINT ?? 'http://127.0.0.1:9000',
    region: env.S3_REGION ?? 'us-east-1',
    accessKey: env.S3_ACCESS_KEY ?? '',
    secretKey: env.S3_SECRET_KEY ?? '',
  });

  /** Every S3 version (delete markers aside) under the user's prefix: what the bucket holds for them. */
  async function storedUnder(userId: string): Promise<Array<{ key: string; size: number }>> {
    const found: Array<{ key: string; size: number }> = [];
    const listing = s3.listObjects(env.S3_BUCKET!, `users/${userId}/`, true, { IncludeVersion: true });
    for await (const entry of listing as AsyncIterable<BucketItem & { isDeleteMarker?: boolean }>)
      if (!entry.isDeleteMarker && entry.name) found.push({ key: entry.name, size: entry.size });
    return found;
  }

  const nothingStored = (userId: string, what: string) =>
    eventually(async () => ((await storedUnder(userId)).length === 0 ? true : undefined), what, 30_000);

  beforeAll(async () => {
    app = await startTestPlatform({
      // The ingest included: it is what removes a stray.
      targets: ['gateway', 'auth', 'admin', 'billing', 'files', 'storage', 'ingest', 'worker'],
      env: { MULTIPART_THRESHOLD_BYTES: String(6 * MIB), TRASH_BATCH_WINDOW_SECONDS: '1' },
    });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('a second PUT with the first URL after the file is ready changes nothing a download reads', async () => {
    const { id, call } = await newUser(app.baseUrl);
    const original = Buffer.from('the original bytes');
    const { file, upload } = await startUpload(call, original.length);
    expect((await put(upload, original)).status).toBe(200);
    const completed = await call('POST', `/v1/uploads/${file.id}/complete`, { body: {} });
    expect(completed.body.file?.status).toBe('ready');

    // Same size and type, so only the key's state can refuse it.
    const replaced = await put(upload, Buffer.from('REPLACED by attack'));
    expect(replaced.status).toBe(412);

    expect(await download(call, file.id)).toBe('the original bytes');
    // Nothing else landed next to it, now or after the ingest has seen every event.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await storedUnder(id)).toEqual([{ key: expect.stringContaining(file.id), size: original.length }]);
    expect(await download(call, file.id)).toBe('the original bytes');
  });

  it('a PUT after the upload was aborted leaves no object in the bucket', async () => {
    const { id, call } = await newUser(app.baseUrl);
    const bytes = Buffer.from('written after the abort');
    const { file, upload } = await startUpload(call, bytes.length);
    expect((await call('DELETE', `/v1/uploads/${file.id}`)).status).toBe(204);

    // The URL is still within its lifetime: S3 takes the PUT, the ingest removes the stray.
    expect((await put(upload, bytes)).status).toBe(200);
    await nothingStored(id, 'the stray written after the abort to be deleted');
    expect((await call('GET', `/v1/files/${file.id}`)).status).toBe(404);
  });

  it('a PUT after the file was purged leaves no object in the bucket', async () => {
    const { id, call } = await newUser(app.baseUrl);
    const bytes = Buffer.from('purged, then written again');
    const { file, upload } = await startUpload(call, bytes.length);
    expect((await put(upload, bytes)).status).toBe(200);
    expect((await call('POST', `/v1/uploads/${file.id}/complete`, { body: {} })).body.file?.status).toBe(
      'ready',
    );
    expect((await call('DELETE', `/v1/files/${file.id}`)).status).toBe(202);
    expect((await call('DELETE', `/v1/trash/${file.id}`)).status).toBeLessThan(300);
    await eventually(
      async () => (await call('GET', `/v1/files/${file.id}`)).status === 404 || undefined,
      'the purge',
      30_000,
    );
    await nothingStored(id, 'the purge to delete the object');

    expect((await put(upload, bytes)).status).toBe(200);
    await nothingStored(id, 'the stray written after the purge to be deleted');
  });

  describe('multipart', () => {
    const size = 6 * MIB + 100;

    it('hands out part URLs only for 1..partCount (400 with the field otherwise)', async () => {
      const { call } = await newUser(app.baseUrl);
      const { file, upload } = await startUpload(call, size);
      expect(upload.partCount).toBe(1);
      for (const partNumbers of [[14, 9999], [2], [1, 2]]) {
        const response = await call('POST', `/v1/uploads/${file.id}/parts`, { body: { partNumbers } });
        expect({ partNumbers, status: response.status, code: response.body.code }).toEqual({
          partNumbers,
          status: 400,
          code: 'invalid_argument',
        });
        expect(response.body.errors).toEqual([
          { field: 'body.partNumbers', message: 'must be part numbers from 1 to 1' },
        ]);
      }
      expect(
        (await call('POST', `/v1/uploads/${file.id}/parts`, { body: { partNumbers: [1] } })).status,
      ).toBe(200);
    });

    it('refuses a part larger than planned at S3 (its Content-Length is signed), and the planned one completes', async () => {
      const { id, call } = await newUser(app.baseUrl);
      const { file } = await startUpload(call, size);
      const parts = (await call('POST', `/v1/uploads/${file.id}/parts`, { body: { partNumbers: [1] } })).body
        .parts as Array<{ partNumber: number; url: string }>;

      const oversized = await fetch(parts[0]!.url, { method: 'PUT', body: Buffer.alloc(size + MIB, 1) });
      expect(oversized.status).toBe(403);

      const bytes = Buffer.alloc(size, 7);
      const accepted = await fetch(parts[0]!.url, { method: 'PUT', body: bytes });
      expect(accepted.status).toBe(200);
      const completed = await call('POST', `/v1/uploads/${file.id}/complete`, {
        body: { parts: [{ partNumber: 1, etag: accepted.headers.get('etag')! }] },
      });
      expect(completed.status).toBe(200);
      expect(completed.body.file).toMatchObject({ status: 'ready', size });
      expect(await storedUnder(id)).toEqual([{ key: expect.stringContaining(file.id), size }]);
    });
  });
});
