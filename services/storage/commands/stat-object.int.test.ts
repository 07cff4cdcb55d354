import { createHash } from 'node:crypto';
import { objectKey } from '../../internal/object-keys';
import { useStorageTestDeps } from '../testing/storage-test-deps';
import { statObject } from './stat-object';

describe('statObject against the real S3 (MinIO)', () => {
  const context = useStorageTestDeps();

  it('reports size, type, ETag and the SHA-256 a presigned PUT declared', async () => {
    const object = context.newRef();
    const body = Buffer.from('hello, streamhub\n');
    const sha256Hex = createHash('sha256').update(body).digest('hex');
    const put = await context.deps.objects.presignPut({
      key: objectKey(object),
      size: body.length,
      contentType: 'text/plain',
      sha256Hex,
      expiresInSeconds: 60,
    });
    const response = await fetch(put.url, { method: 'PUT', headers: put.headers, body });
    expect(response.status).toBe(200);

    expect(await statObject({ deps: context.deps, object })).toEqual({
      exists: true,
      size: body.length,
      contentType: 'text/plain',
      sha256Hex,
      etag: response.headers.get('etag')!.replace(/"/g, ''),
    });
  });

  it('reports a stored object without a SHA-256 with an empty sha256Hex', async () => {
    const object = context.newRef();
    await context.client.putObject(context.bucket, objectKey(object), Buffer.from('plain'));

    expect(await statObject({ deps: context.deps, object })).toMatchObject({
      exists: true,
      size: 5,
      sha256Hex: '',
    });
  });

  it('reports a missing object as exists: false, not as an error', async () => {
    const object = context.newRef();

    expect(await statObject({ deps: context.deps, object })).toEqual({
      exists: false,
      size: 0,
      contentType: '',
      sha256Hex: '',
      etag: '',
    });
  });

  it('rejects a malformed object reference as invalid_argument', async () => {
    const object = { ...context.newRef(), version: 0 };

    await expect(statObject({ deps: context.deps, object })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});
