import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import { StorageService } from '../../proto/gen/storage/v1/storage_pb.js';
import { createServiceClient, type ServiceClient } from '../internal/grpc/client';
import { fromConnectError } from '../internal/grpc/errors';
import { objectKey } from '../internal/object-keys';
import { createS3Client } from '../internal/s3-client';
import { GrpcServer } from '../internal/grpc/server';
import { createLogger } from '../internal/logger';
import { freePort } from '../internal/testing/free-port';
import { requireTestEnv } from '../internal/testing/require-env';
import { createStorageHandlers } from './handlers';
import { ObjectStore } from './s3/object-store';

const SETTINGS = ['S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET'] as const;
// Small, so the multipart path needs only a few KiB.
const MULTIPART_THRESHOLD_BYTES = 1024;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('StorageService over gRPC', () => {
  let server: GrpcServer;
  let storage: ServiceClient<typeof StorageService>;
  let objects: ObjectStore;
  const refs: Array<{ userId: string; fileId: string; version: number }> = [];

  const newRef = () => {
    const ref = { userId: randomUUID(), fileId: randomUUID(), version: 1 };
    refs.push(ref);
    return ref;
  };

  beforeAll(async () => {
    const env = requireTestEnv(SETTINGS);
    objects = new ObjectStore({
      endpoint: env.S3_ENDPOINT,
      region: process.env.S3_REGION ?? 'us-east-1',
      accessKey: env.S3_ACCESS_KEY,
      secretKey: env.S3_SECRET_KEY,
      bucket: env.S3_BUCKET,
    });
    const port = await freePort();
    server = new GrpcServer({ host: '127.0.0.1', port, logger: createLogger({ level: 'silent' }) });
    server.register(
      StorageService,
      createStorageHandlers({ objects, multipartThresholdBytes: MULTIPART_THRESHOLD_BYTES }),
    );
    await server.start();
    storage = createServiceClient(StorageService, `http://127.0.0.1:${port}`);
  });

  afterAll(async () => {
    for (const object of refs) await storage.abortUpload({ object });
    await server.stop();
  });

  it('CreateUpload presigns a single PUT; after the PUT, StatObject reports size, type and SHA-256', async () => {
    const object = newRef();
    const body = Buffer.from('hello over grpc\n');
    const before = Date.now();
    const created = await storage.createUpload({
      object,
      size: BigInt(body.length),
      contentType: 'text/plain',
      sha256Hex: sha256(body),
      expiresInSeconds: 120,
    });
    expect(created.upload.case).toBe('put');
    if (created.upload.case !== 'put') return;
    const expiresAt = timestampDate(created.expiresAt!).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 119_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 121_000);

    const { url, headers } = created.upload.value;
    expect((await fetch(url, { method: 'PUT', headers, body })).status).toBe(200);

    const stat = await storage.statObject({ object });
    expect(stat).toMatchObject({
      exists: true,
      size: BigInt(body.length),
      contentType: 'text/plain',
      sha256Hex: sha256(body),
      etag: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('StatObject answers exists: false for an object never uploaded', async () => {
    expect(await storage.statObject({ object: newRef() })).toMatchObject({ exists: false, size: 0n });
  });

  it('answers invalid_argument, naming the fields, for a malformed object reference', async () => {
    const error = await storage
      .createUpload({ object: { userId: 'x', fileId: randomUUID(), version: 0 }, size: 1n })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.InvalidArgument);
    const appError = fromConnectError(error as ConnectError);
    expect(appError.code).toBe('invalid_argument');
    expect(appError.fields.map((problem) => problem.field)).toEqual(['object.user_id', 'object.version']);
  });

  it('runs a multipart upload end to end: parts, complete, hash, download, delete', async () => {
    const object = newRef();
    const body = randomBytes(3 * MULTIPART_THRESHOLD_BYTES);
    const created = await storage.createUpload({
      object,
      size: BigInt(body.length),
      contentType: 'application/octet-stream',
    });
    expect(created.upload.case).toBe('multipart');
    if (created.upload.case !== 'multipart') return;
    const { uploadId, partSize, partCount } = created.upload.value;
    expect({ partSize, partCount }).toEqual({ partSize: BigInt(16 * 1024 * 1024), partCount: 1 });

    const { parts } = await storage.presignUploadParts({
      object,
      uploadId,
      partNumbers: [1],
      expiresInSeconds: 60,
    });
    const uploaded = await fetch(parts[0]!.url, { method: 'PUT', body });
    expect(uploaded.status).toBe(200);
    const completed = await storage.completeMultipartUpload({
      object,
      uploadId,
      parts: [{ partNumber: 1, etag: uploaded.headers.get('etag')! }],
    });
    expect(completed.etag).toMatch(/-1$/);

    expect(await storage.computeSha256({ object })).toMatchObject({
      sha256Hex: sha256(body),
      size: BigInt(body.length),
    });

    const download = await storage.presignDownload({ object, fileName: 'data.bin', expiresInSeconds: 60 });
    const fetched = await fetch(download.url);
    expect(fetched.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''data.bin");
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(body);

    expect(await storage.deleteObject({ object })).toMatchObject({ deletedVersions: 1 });
    expect(await storage.deleteObject({ object })).toMatchObject({ deletedVersions: 0 });
    expect(await storage.statObject({ object })).toMatchObject({ exists: false });
  });

  it('DeleteObjects removes every S3 version of each object in one request, leaves a key sharing their prefix, and is idempotent', async () => {
    const userId = randomUUID();
    const fileId = randomUUID();
    const putTwice = { userId, fileId, version: 1 };
    const putOnce = { userId, fileId, version: 2 };
    // users/<u>/<f>/10 starts with users/<u>/<f>/1: listing by prefix sees it, deleting must not.
    const neighbour = { userId, fileId, version: 10 };
    refs.push(putTwice, putOnce, neighbour);
    const put = async (object: typeof putOnce, times: number) => {
      const created = await storage.createUpload({
        object,
        size: 1n,
        contentType: 'text/plain',
        expiresInSeconds: 120,
      });
      if (created.upload.case !== 'put') throw new Error('expected a single PUT');
      const { url, headers } = created.upload.value;
      expect((await fetch(url, { method: 'PUT', headers, body: '0' })).status).toBe(200);
      // The URL cannot replace its object (If-None-Match: *): a second S3 version comes behind its back.
      const env = requireTestEnv(SETTINGS);
      const s3 = createS3Client({
        endpoint: env.S3_ENDPOINT,
        region: process.env.S3_REGION ?? 'us-east-1',
        accessKey: env.S3_ACCESS_KEY,
        secretKey: env.S3_SECRET_KEY,
      });
      for (let time = 1; time < times; time += 1)
        await s3.putObject(env.S3_BUCKET, objectKey(object), Buffer.from(String(time)));
    };
    await put(putTwice, 2);
    await put(putOnce, 1);
    await put(neighbour, 1);

    expect(await storage.deleteObjects({ objects: [putTwice, putOnce] })).toMatchObject({
      deletedVersions: 3,
    });
    expect(await storage.deleteObjects({ objects: [putTwice, putOnce] })).toMatchObject({
      deletedVersions: 0,
    });
    expect(await storage.statObject({ object: putTwice })).toMatchObject({ exists: false });
    expect(await storage.statObject({ object: putOnce })).toMatchObject({ exists: false });
    expect(await storage.statObject({ object: neighbour })).toMatchObject({ exists: true, size: 1n });
  });

  it('DeleteObjects refuses more than 1,000 objects, and names a malformed reference by its index', async () => {
    const refusal = async (objects: Array<{ userId: string; fileId: string; version: number }>) => {
      const error = await storage.deleteObjects({ objects }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(ConnectError);
      return fromConnectError(error as ConnectError);
    };
    const many = Array.from({ length: 1001 }, () => ({
      userId: randomUUID(),
      fileId: randomUUID(),
      version: 1,
    }));
    expect(await refusal(many)).toMatchObject({
      code: 'invalid_argument',
      fields: [{ field: 'objects', message: 'must hold at most 1000 objects' }],
    });
    const malformed = await refusal([newRef(), { userId: randomUUID(), fileId: 'x', version: 1 }]);
    expect(malformed).toMatchObject({
      code: 'invalid_argument',
      fields: [{ field: 'objects[1].file_id', message: 'must be a UUID' }],
    });
  });

  it('CompleteMultipartUpload answers multipart_upload_not_found once the upload was aborted; AbortUpload is idempotent', async () => {
    const object = newRef();
    const created = await storage.createUpload({ object, size: BigInt(2 * MULTIPART_THRESHOLD_BYTES) });
    if (created.upload.case !== 'multipart') throw new Error('expected a multipart upload');
    const { uploadId } = created.upload.value;

    await storage.abortUpload({ object, uploadId });
    await storage.abortUpload({ object, uploadId });

    const error = await storage
      .completeMultipartUpload({ object, uploadId, parts: [{ partNumber: 1, etag: 'x' }] })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(fromConnectError(error as ConnectError).code).toBe('multipart_upload_not_found');
  });

  it('ComputeSha256 answers object_not_found for a missing object', async () => {
    const error = await storage.computeSha256({ object: newRef() }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(fromConnectError(error as ConnectError).code).toBe('object_not_found');
  });
});
