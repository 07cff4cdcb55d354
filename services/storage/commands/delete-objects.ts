import { objectKey, objectRefProblems, type ObjectRef } from '../../internal/object-keys';
import type { StorageDeps } from '../deps';
import { assertValid } from '../validation';

/** As many objects as one S3 DeleteObjects call takes keys. */
export const MAX_DELETE_OBJECTS = 1000;

/**
 * Deletes every S3 version and delete marker of each object; returns how
 * many. Idempotent: a retry after a crash lists only what is left.
 */
export async function deleteObjects(props: { deps: StorageDeps; objects: ObjectRef[] }): Promise<number> {
  assertValid([
    props.objects.length > MAX_DELETE_OBJECTS
      ? { field: 'objects', message: `must hold at most ${MAX_DELETE_OBJECTS} objects` }
      : undefined,
    ...props.objects.map((object, index) => objectRefProblems(object, `objects[${index}]`)),
  ]);
  return props.deps.objects.deleteAllVersionsOfKeys(props.objects.map((object) => objectKey(object)));
}
