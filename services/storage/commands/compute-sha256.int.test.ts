import { createHash, randomBytes } from 'node:crypto';
import { objectKey } from '../../internal/object-keys';
import { useStorageTestDeps } from '../testing/storage-test-deps';
import { computeSha256 } from './compute-sha256';

describe('computeSha256 against the real S3 (MinIO)', () => {
  const context = useStorageTestDeps();

  it('returns the SHA-256 and size of the stored bytes', async () => {
    const object = context.newRef();
    const body = randomBytes(300 * 1024);
    await context.client.putObject(context.bucket, objectKey(object), body);

    expect(await computeSha256({ deps: context.deps, object })).toEqual({
      sha256Hex: createHash('sha256').update(body).digest('hex'),
      size: body.length,
    });
  });

  it('reports a missing object as object_not_found', async () => {
    const object = context.newRef();

    await expect(computeSha256({ deps: context.deps, object })).rejects.toMatchObject({
      code: 'object_not_found',
    });
  });
});
