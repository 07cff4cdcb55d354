import { randomUUID } from 'node:crypto';
import { objectKey } from '../../internal/object-keys';
import { useStorageTestDeps, versionsOf } from '../testing/storage-test-deps';
import { deleteObjects, MAX_DELETE_OBJECTS } from './delete-objects';

describe('deleteObjects against the real S3 (MinIO)', () => {
  const context = useStorageTestDeps();

  it('deletes every version of each listed object, leaves the others, and a retry deletes none', async () => {
    const first = context.newRef();
    const second = context.newRef();
    const untouched = context.newRef();
    const { client, bucket } = context;
    for (const [ref, text] of [
      [first, 'one'],
      [first, 'two'],
      [second, 'three'],
      [untouched, 'four'],
    ] as const)
      await client.putObject(bucket, objectKey(ref), Buffer.from(text));

    expect(await deleteObjects({ deps: context.deps, objects: [first, second] })).toBe(3);

    expect(await versionsOf(context, objectKey(first))).toEqual([]);
    expect(await versionsOf(context, objectKey(second))).toEqual([]);
    expect(await versionsOf(context, objectKey(untouched))).toHaveLength(1);
    expect(await deleteObjects({ deps: context.deps, objects: [first, second] })).toBe(0);
  });

  it('rejects a malformed reference as invalid_argument naming its position, deleting nothing', async () => {
    const kept = context.newRef();
    await context.client.putObject(context.bucket, objectKey(kept), Buffer.from('kept'));

    await expect(
      deleteObjects({ deps: context.deps, objects: [kept, { ...kept, fileId: 'nope' }] }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      fields: [expect.objectContaining({ field: 'objects[1].file_id' })],
    });
    expect(await versionsOf(context, objectKey(kept))).toHaveLength(1);
  });

  it(`rejects more than ${MAX_DELETE_OBJECTS} objects as invalid_argument`, async () => {
    // Never stored (validation fails first), so not handed to the cleanup either.
    const objects = Array.from({ length: MAX_DELETE_OBJECTS + 1 }, () => ({
      userId: randomUUID(),
      fileId: randomUUID(),
      version: 1,
    }));

    await expect(deleteObjects({ deps: context.deps, objects })).rejects.toMatchObject({
      code: 'invalid_argument',
      fields: [expect.objectContaining({ field: 'objects' })],
    });
  });
});
