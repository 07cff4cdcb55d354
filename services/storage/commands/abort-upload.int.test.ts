import { objectKey } from '../../internal/object-keys';
import { openUploadsOf, useStorageTestDeps, versionsOf } from '../testing/storage-test-deps';
import { abortUpload } from './abort-upload';

describe('abortUpload against the real S3 (MinIO)', () => {
  const context = useStorageTestDeps();

  it('aborts the named upload and any other unfinished one of the object, and deletes every stored version', async () => {
    const object = context.newRef();
    const key = objectKey(object);
    const { objects } = context.deps;
    const uploadId = await objects.initiateMultipart({ key, contentType: 'text/plain' });
    // A retried CreateUpload whose id the caller never saw.
    await objects.initiateMultipart({ key, contentType: 'text/plain' });
    await context.client.putObject(context.bucket, key, Buffer.from('a stored version'));
    expect(await openUploadsOf(context, key)).toHaveLength(2);

    await abortUpload({ deps: context.deps, object, uploadId });

    expect(await openUploadsOf(context, key)).toEqual([]);
    expect(await versionsOf(context, key)).toEqual([]);
  });

  it('succeeds again for an upload that is already gone', async () => {
    const object = context.newRef();
    const key = objectKey(object);
    const uploadId = await context.deps.objects.initiateMultipart({ key, contentType: 'text/plain' });

    await abortUpload({ deps: context.deps, object, uploadId });
    await abortUpload({ deps: context.deps, object, uploadId });

    expect(await openUploadsOf(context, key)).toEqual([]);
  });

  it('rejects a malformed upload id as invalid_argument naming upload_id', async () => {
    const object = context.newRef();

    await expect(abortUpload({ deps: context.deps, object, uploadId: 'not an id!' })).rejects.toMatchObject({
      code: 'invalid_argument',
      fields: [expect.objectContaining({ field: 'upload_id' })],
    });
  });
});
