import { CreateMultipartUploadCommand } from '@aws-sdk/client-s3';
import { AppError } from '../../internal/errors';
import { createAwsS3Client } from '../../internal/s3-client';
import type { StorageDeps } from '../deps';
import { ObjectStore } from '../s3/object-store';
import { createUpload, DEFAULT_MULTIPART_THRESHOLD_BYTES } from './create-upload';

const SETTINGS = {
  endpoint: 'http://127.0.0.1:19000',
  region: 'us-east-1',
  accessKey: 'streamhub',
  secretKey: 'streamhub-secret',
  bucket: 'streamhub',
};
const NOW = new Date('2026-03-01T12:00:00Z');
const OBJECT = {
  userId: '8d5e2c4c-6f0e-4a57-9c1e-0b6f3f1f4a10',
  fileId: '0190f6a1-7b2c-7d3e-8f40-123456789abc',
  version: 1,
};
const SHA256 = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';

// A real client (it presigns offline) whose requests S3 would answer with a new upload id.
function setup(deps: Partial<StorageDeps> = {}) {
  const client = createAwsS3Client(SETTINGS);
  const send = jest.spyOn(client, 'send').mockImplementation(async () => ({ UploadId: 'upload-1' }));
  return { send, deps: { objects: new ObjectStore(SETTINGS, client), now: () => NOW, ...deps } };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('createUpload', () => {
  it('presigns one PUT binding size, type and the SHA-256 (base64) up to the threshold', async () => {
    const { deps, send } = setup();
    const upload = await createUpload({
      deps,
      object: OBJECT,
      size: DEFAULT_MULTIPART_THRESHOLD_BYTES,
      contentType: 'application/pdf',
      sha256Hex: SHA256,
      expiresInSeconds: 600,
    });
    expect(upload).toEqual({
      kind: 'put',
      url: expect.stringMatching(
        new RegExp(`^http://127\\.0\\.0\\.1:19000/streamhub/users/${OBJECT.userId}/`),
      ),
      headers: {
        'content-length': String(DEFAULT_MULTIPART_THRESHOLD_BYTES),
        'content-type': 'application/pdf',
        'if-none-match': '*',
        'x-amz-checksum-sha256': Buffer.from(SHA256, 'hex').toString('base64'),
      },
      expiresAt: new Date('2026-03-01T12:10:00Z'),
    });
    if (upload.kind !== 'put') throw new Error('expected a single PUT');
    const query = new URL(upload.url).searchParams;
    expect(query.get('X-Amz-SignedHeaders')).toBe(
      'content-length;content-type;host;if-none-match;x-amz-checksum-sha256',
    );
    expect(query.get('X-Amz-Expires')).toBe('600');
    expect(send).not.toHaveBeenCalled();
  });

  it('starts a multipart upload with the planned parts above the threshold', async () => {
    const { deps, send } = setup();
    const upload = await createUpload({
      deps,
      object: OBJECT,
      size: DEFAULT_MULTIPART_THRESHOLD_BYTES + 1,
      contentType: 'video/mp4',
    });
    expect(upload).toEqual({
      kind: 'multipart',
      uploadId: 'upload-1',
      partSize: 16 * 1024 * 1024,
      partCount: 5,
      // No expiry named: an upload's default lifetime (services/internal/upload-expiry).
      expiresAt: new Date('2026-03-01T13:00:00Z'),
    });
    expect(send).toHaveBeenCalledTimes(1);
    const command = send.mock.calls[0]?.[0];
    expect(command).toBeInstanceOf(CreateMultipartUploadCommand);
    expect(command?.input).toEqual({
      Bucket: 'streamhub',
      Key: `users/${OBJECT.userId}/${OBJECT.fileId}/1`,
      ContentType: 'video/mp4',
    });
  });

  it('takes the threshold from its deps', async () => {
    const { deps } = setup({ multipartThresholdBytes: 10 });
    expect((await createUpload({ deps, object: OBJECT, size: 10, contentType: 'text/plain' })).kind).toBe(
      'put',
    );
    expect((await createUpload({ deps, object: OBJECT, size: 11, contentType: 'text/plain' })).kind).toBe(
      'multipart',
    );
  });

  it('defaults an empty content type to application/octet-stream, and signs no checksum when none is given', async () => {
    const { deps } = setup();
    const upload = await createUpload({ deps, object: OBJECT, size: 0, contentType: '' });
    expect(upload).toMatchObject({
      kind: 'put',
      headers: { 'content-length': '0', 'content-type': 'application/octet-stream' },
    });
    expect(upload.kind === 'put' && upload.headers).not.toHaveProperty('x-amz-checksum-sha256');
  });

  it('reports every invalid field at once', async () => {
    const { deps } = setup();
    const error = await failure(
      createUpload({
        deps,
        object: { ...OBJECT, userId: 'nope' },
        size: -1,
        contentType: 'text/plain\r\nx-evil: 1',
        sha256Hex: SHA256.toUpperCase(),
        expiresInSeconds: 8 * 24 * 3600,
      }),
    );
    expect(error.code).toBe('invalid_argument');
    expect(error.fields.map((problem) => problem.field)).toEqual([
      'object.user_id',
      'size',
      'content_type',
      'sha256_hex',
      'expires_in_seconds',
    ]);
  });

  it('refuses an object larger than S3 can store with object_too_large', async () => {
    const { deps } = setup();
    const error = await failure(
      createUpload({ deps, object: OBJECT, size: 5 * 1024 ** 4 + 1, contentType: 'application/zip' }),
    );
    expect(error.code).toBe('object_too_large');
  });
});
