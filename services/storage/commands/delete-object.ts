import type { StorageDeps } from '../deps';
import { objectKey, type ObjectRef } from '../../internal/object-keys';

/** Deletes every S3 version and delete marker of the object; returns how many. Idempotent. */
export async function deleteObject(props: { deps: StorageDeps; object: ObjectRef }): Promise<number> {
  return props.deps.objects.deleteAllVersions(objectKey(props.object));
}
