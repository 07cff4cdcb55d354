import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Client } from 'minio';
import { requireTestEnv } from '../../internal/testing/require-env';
import { objectKey } from '../../internal/object-keys';
import { createS3Client } from '../../internal/s3-client';
import { ObjectStore } from './object-store';

const SETTINGS = ['S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET'] as const;
const MiB = 1024 * 1024;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** S3's error code from an XML error body, e.g. SignatureDoesNotMatch. */
async function s3Code(response: Response): Promise<string | undefined> {
  return /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];
}

async function listAll<T>(stream: NodeJS.ReadableStream): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item as T);
  return items;
}

describe('ObjectStore against the real S3 (MinIO)', () => {
  let store: ObjectStore;
  let client: Client;
  const keys: string[] = [];

  const newKey = () => {
    const key = objectKey({ userId: randomUUID(), fileId: randomUUID(), version: 1 });
    keys.push(key);
    return key;
  };

  beforeAll(() => {
    const env = requireTestEnv(SETTINGS);
    const settings = {
      endpoint: env.S3_ENDPOINT,
      region: process.env.S3_REGION ?? 'us-east-1',
      accessKey: env.S3_ACCESS_KEY,
      secretKey: env.S3_SECRET_KEY,
      bucket: env.S3_BUCKET,
    };
    // minio-js, a second client, looks at the bucket behind the store's back.
    client = createS3Client(settings);
    store = new ObjectStore(settings);
  });

  afterAll(async () => {
    for (const key of keys) {
      await store.abortAllMultipart(key);
      await store.deleteAllVersions(key);
    }
  });

  describe('single presigned PUT', () => {
    const body = Buffer.from('hello, streamhub\n');
    const declared = {
      size: body.length,
      contentType: 'text/plain',
      sha256Hex: sha256(body),
      expiresInSeconds: 300,
    };

    it('stores the object when the PUT sends the signed headers, and stat reports size, type and SHA-256', async () => {
      const key = newKey();
      const { url, headers } = await store.presignPut({ key, ...declared });
      expect(Object.keys(headers).sort()).toEqual([
        'content-length',
        'content-type',
        'if-none-match',
        'x-amz-checksum-sha256',
      ]);

      const response = await fetch(url, { method: 'PUT', headers, body });
      expect(response.status).toBe(200);

      const stat = await store.stat(key);
      expect(stat).toEqual({
        size: body.length,
        contentType: 'text/plain',
        etag: expect.stringMatching(/^[0-9a-f]{32}$/),
        sha256Hex: sha256(body),
      });
    });

    it('works without a declared SHA-256, and stat then reports none', async () => {
      const key = newKey();
      const { url, headers } = await store.presignPut({ key, ...declared, sha256Hex: undefined });
      expect(headers).not.toHaveProperty('x-amz-checksum-sha256');
      expect((await fetch(url, { method: 'PUT', headers, body })).status).toBe(200);
      const stat = await store.stat(key);
      expect(stat).toMatchObject({ size: body.length, contentType: 'text/plain' });
      expect(stat?.sha256Hex).toBeUndefined();
    });

    it('refuses more bytes than declared with 403 SignatureDoesNotMatch and stores nothing', async () => {
      const key = newKey();
      const { url, headers } = await store.presignPut({ key, ...declared });
      const { 'content-length': _declared, ...rest } = headers;
      // fetch sends the true length of the body, 1 byte more than signed.
      const response = await fetch(url, {
        method: 'PUT',
        headers: rest,
        body: Buffer.concat([body, Buffer.from('!')]),
      });
      expect(response.status).toBe(403);
      expect(await s3Code(response)).toBe('SignatureDoesNotMatch');
      expect(await store.stat(key)).toBeUndefined();
    });

    it('refuses a second PUT with the same URL once the object is stored (412), leaving it unchanged', async () => {
      const key = newKey();
      const { url, headers } = await store.presignPut({ key, ...declared });
      expect((await fetch(url, { method: 'PUT', headers, body })).status).toBe(200);
      const replacement = Buffer.from(body).fill(0x41);
      const again = await fetch(url, { method: 'PUT', headers, body: replacement });
      expect(again.status).toBe(412);
      expect(await s3Code(again)).toBe('PreconditionFailed');
      expect(await store.computeSha256(key)).toEqual({ sha256Hex: sha256(body), size: body.length });
      // Leaving out the signed If-None-Match does not get around it.
      const { 'if-none-match': _condition, ...unconditional } = headers;
      const unsigned = await fetch(url, { method: 'PUT', headers: unconditional, body: replacement });
      expect(unsigned.ok).toBe(false);
      expect(await store.computeSha256(key)).toEqual({ sha256Hex: sha256(body), size: body.length });
    });

    it('refuses a streamed body without Content-Length and stores nothing', async () => {
      const key = newKey();
      const { url, headers } = await store.presignPut({ key, ...declared });
      const { 'content-length': _declared, ...rest } = headers;
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(body));
          controller.close();
        },
      });
      const response = await fetch(url, {
        method: 'PUT',
        headers: rest,
        body: stream,
        duplex: 'half',
      });
      expect(response.status).toBe(411);
      expect(await s3Code(response)).toBe('MissingContentLength');
      expect(await store.stat(key)).toBeUndefined();
    });

    it('refuses another content type with 403 SignatureDoesNotMatch and stores nothing', async () => {
      const key = newKey();
      const { url, headers } = await store.presignPut({ key, ...declared });
      const response = await fetch(url, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'text/html' },
        body,
      });
      expect(response.status).toBe(403);
      expect(await s3Code(response)).toBe('SignatureDoesNotMatch');
      expect(await store.stat(key)).toBeUndefined();
    });

    it('refuses a body of the declared size whose SHA-256 differs, and stores nothing', async () => {
      const key = newKey();
      const { url, headers } = await store.presignPut({ key, ...declared });
      const tampered = Buffer.from(body);
      tampered[0] = 'H'.charCodeAt(0);
      const response = await fetch(url, { method: 'PUT', headers, body: tampered });
      expect(response.status).toBe(400);
      expect(await s3Code(response)).toMatch(/BadDigest|XAmzContentChecksumMismatch/);
      expect(await store.stat(key)).toBeUndefined();
    });

    it('refuses another body sent with its own, matching checksum: the declared checksum is signed', async () => {
      const key = newKey();
      const { url, headers } = await store.presignPut({ key, ...declared });
      const other = Buffer.from('HELLO, STREAMHUB\n');
      const response = await fetch(url, {
        method: 'PUT',
        headers: { ...headers, 'x-amz-checksum-sha256': createHash('sha256').update(other).digest('base64') },
        body: other,
      });
      expect(response.status).toBe(403);
      expect(await s3Code(response)).toBe('SignatureDoesNotMatch');
      expect(await store.stat(key)).toBeUndefined();
    });

    it('refuses a PUT that leaves out a signed header (checksum or content type), and stores nothing', async () => {
      for (const left of ['x-amz-checksum-sha256', 'content-type']) {
        const key = newKey();
        const { url, headers } = await store.presignPut({ key, ...declared });
        const { [left]: _left, ...rest } = headers;
        // A Uint8Array body makes fetch send no Content-Type of its own.
        const response = await fetch(url, { method: 'PUT', headers: rest, body: new Uint8Array(body) });
        // MinIO answers 400 AccessDenied ("headers present in the request which were not signed"), AWS 403.
        expect([400, 403]).toContain(response.status);
        expect(await store.stat(key)).toBeUndefined();
      }
    });

    it('refuses a PUT once the URL has expired', async () => {
      const key = newKey();
      const { url, headers } = await store.presignPut({
        key,
        ...declared,
        expiresInSeconds: 60,
        now: new Date(Date.now() - 10 * 60_000),
      });
      const response = await fetch(url, { method: 'PUT', headers, body });
      expect(response.status).toBe(403);
      expect(await s3Code(response)).toBe('AccessDenied');
      expect(await store.stat(key)).toBeUndefined();
    });
  });

  it('uploads a multipart object through presigned part URLs; its size and computed SHA-256 are right', async () => {
    const key = newKey();
    const parts = [randomBytes(5 * MiB), randomBytes(1234)];
    const whole = Buffer.concat(parts);

    const uploadId = await store.initiateMultipart({ key, contentType: 'application/pdf' });
    const etags: Array<{ partNumber: number; etag: string }> = [];
    for (const [index, part] of parts.entries()) {
      const url = await store.presignPart({ key, uploadId, partNumber: index + 1, expiresInSeconds: 300 });
      // Parts bind no headers: a client may label a part as it likes.
      const headers: Record<string, string> = index === 0 ? { 'content-type': 'video/mp4' } : {};
      const response = await fetch(url, { method: 'PUT', headers, body: part });
      expect(response.status).toBe(200);
      etags.push({ partNumber: index + 1, etag: response.headers.get('etag')! });
    }
    // Given out of order on purpose: S3 wants them ascending.
    const { etag } = await store.completeMultipart({ key, uploadId, parts: etags.reverse() });
    expect(etag).toMatch(/-2$/);

    const stat = await store.stat(key);
    expect(stat).toMatchObject({ size: whole.length, contentType: 'application/pdf', etag });
    expect(stat?.sha256Hex).toBeUndefined();
    expect(await store.computeSha256(key)).toEqual({ sha256Hex: sha256(whole), size: whole.length });
  });

  it('refuses a part of another size than the one its URL signs (403), and lists the stored parts with their sizes', async () => {
    const key = newKey();
    const uploadId = await store.initiateMultipart({ key, contentType: 'application/octet-stream' });
    const url = await store.presignPart({ key, uploadId, partNumber: 1, size: 1024, expiresInSeconds: 300 });
    expect((await fetch(url, { method: 'PUT', body: randomBytes(1025) })).status).toBe(403);
    expect((await fetch(url, { method: 'PUT', body: randomBytes(1023) })).status).toBe(403);
    expect(await store.listParts({ key, uploadId })).toEqual([]);
    expect((await fetch(url, { method: 'PUT', body: randomBytes(1024) })).status).toBe(200);
    expect(await store.listParts({ key, uploadId })).toEqual([{ partNumber: 1, size: 1024 }]);
    await store.abortMultipart({ key, uploadId });
  });

  it('aborts an in-progress multipart upload, and aborting again is harmless', async () => {
    const key = newKey();
    const uploadId = await store.initiateMultipart({ key, contentType: 'application/octet-stream' });
    const url = await store.presignPart({ key, uploadId, partNumber: 1, expiresInSeconds: 300 });
    expect((await fetch(url, { method: 'PUT', body: randomBytes(1024) })).status).toBe(200);
    expect(await listAll(client.listIncompleteUploads(store.bucket, key, true))).toHaveLength(1);

    await store.abortMultipart({ key, uploadId });
    await store.abortMultipart({ key, uploadId });

    expect(await listAll(client.listIncompleteUploads(store.bucket, key, true))).toEqual([]);
  });

  it('aborts every unfinished multipart upload of a key, including ones whose id was lost', async () => {
    const key = newKey();
    await store.initiateMultipart({ key, contentType: 'text/plain' });
    await store.initiateMultipart({ key, contentType: 'text/plain' });
    expect(await store.abortAllMultipart(key)).toBe(2);
    expect(await listAll(client.listIncompleteUploads(store.bucket, key, true))).toEqual([]);
    expect(await store.abortAllMultipart(key)).toBe(0);
  });

  it('presigns a GET that returns the bytes as a download carrying a non-ASCII file name', async () => {
    const key = newKey();
    const body = Buffer.from('%PDF-1.7 not really\n');
    const put = await store.presignPut({
      key,
      size: body.length,
      contentType: 'application/octet-stream',
      expiresInSeconds: 60,
    });
    expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body })).status).toBe(200);

    const url = await store.presignGet({
      key,
      fileName: 'résumé 2026.pdf',
      contentType: 'application/pdf',
      expiresInSeconds: 60,
    });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%202026.pdf",
    );
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(body);
  });

  it('deletes every version of a key and nothing else; a second call deletes none', async () => {
    const key = newKey();
    const longerKey = `${key}0`;
    keys.push(longerKey);
    for (const [target, text] of [
      [key, 'first'],
      [key, 'second'],
      [longerKey, 'neighbour'],
    ] as const)
      await client.putObject(store.bucket, target, Buffer.from(text));
    const versionsOf = async (target: string) =>
      (
        await listAll<{ name: string }>(
          client.listObjects(store.bucket, target, true, { IncludeVersion: true }),
        )
      ).filter((entry) => entry.name === target);
    expect(await versionsOf(key)).toHaveLength(2);

    expect(await store.deleteAllVersions(key)).toBe(2);

    expect(await versionsOf(key)).toEqual([]);
    expect(await versionsOf(longerKey)).toHaveLength(1);
    expect(await store.deleteAllVersions(key)).toBe(0);
  });

  it('deletes delete markers too', async () => {
    const key = newKey();
    await client.putObject(store.bucket, key, Buffer.from('x'));
    // On a versioned bucket a plain DELETE only adds a delete marker.
    await client.removeObject(store.bucket, key);
    expect(await store.deleteAllVersions(key)).toBe(2);
    expect(await store.deleteAllVersions(key)).toBe(0);
  });

  it('reports a missing object as undefined from stat and computeSha256', async () => {
    const key = newKey();
    expect(await store.stat(key)).toBeUndefined();
    expect(await store.computeSha256(key)).toBeUndefined();
  });
});
