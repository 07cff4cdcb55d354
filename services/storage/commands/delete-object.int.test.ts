import { objectKey } from '../../internal/object-keys';
import { useStorageTestDeps, versionsOf } from '../testing/storage-test-deps';
import { deleteObject } from './delete-object';

describe('deleteObject against the real S3 (MinIO)', () => {
  const context = useStorageTestDeps();

  it('deletes every version and delete marker of the key and nothing else', async () => {
    const object = context.newRef();
    // Version 10's key starts with version 1's: a prefix match would take it too.
    const neighbour = context.newRef({ ...object, version: 10 });
    const key = objectKey(object);
    const { client, bucket } = context;
    await client.putObject(bucket, key, Buffer.from('first'));
    await client.putObject(bucket, key, Buffer.from('second'));
    // On a versioned bucket a plain DELETE only adds a delete marker.
    await client.removeObject(bucket, key);
    await client.putObject(bucket, objectKey(neighbour), Buffer.from('neighbour'));

    expect(await deleteObject({ deps: context.deps, object })).toBe(3);

    expect(await versionsOf(context, key)).toEqual([]);
    expect(await versionsOf(context, objectKey(neighbour))).toHaveLength(1);
  });

  it('deletes nothing and returns 0 when the object is already gone', async () => {
    const object = context.newRef();

    expect(await deleteObject({ deps: context.deps, object })).toBe(0);
  });

  it('rejects a malformed object reference as invalid_argument', async () => {
    const object = { ...context.newRef(), userId: 'not-a-uuid' };

    await expect(deleteObject({ deps: context.deps, object })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});
