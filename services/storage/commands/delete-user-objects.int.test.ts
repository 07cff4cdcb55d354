import { randomUUID } from 'node:crypto';
import { objectKey } from '../../internal/object-keys';
import { useStorageTestDeps, versionsOf } from '../testing/storage-test-deps';
import { deleteUserObjects } from './delete-user-objects';

describe('deleteUserObjects against the real S3 (MinIO)', () => {
  const context = useStorageTestDeps();

  it("deletes every version under the user's prefix, leaves other users', and a retry deletes none", async () => {
    const userId = randomUUID();
    const first = context.newRef({ userId });
    const second = context.newRef({ userId, version: 2 });
    const other = context.newRef();
    const { client, bucket } = context;
    await client.putObject(bucket, objectKey(first), Buffer.from('one'));
    await client.putObject(bucket, objectKey(first), Buffer.from('one again'));
    await client.putObject(bucket, objectKey(second), Buffer.from('two'));
    await client.putObject(bucket, objectKey(other), Buffer.from('not theirs'));

    expect(await deleteUserObjects({ deps: context.deps, userId })).toEqual({
      deletedVersions: 3,
      more: false,
    });
    for (const ref of [first, second]) expect(await versionsOf(context, objectKey(ref))).toEqual([]);
    expect(await versionsOf(context, objectKey(other))).toHaveLength(1);
    expect(await deleteUserObjects({ deps: context.deps, userId })).toEqual({
      deletedVersions: 0,
      more: false,
    });
  });

  it('rejects a malformed user id as invalid_argument', async () => {
    await expect(deleteUserObjects({ deps: context.deps, userId: '../' })).rejects.toMatchObject({
      code: 'invalid_argument',
      fields: [expect.objectContaining({ field: 'user_id' })],
    });
  });
});
