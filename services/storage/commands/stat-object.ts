import type { StorageDeps } from '../deps';
import { objectKey, type ObjectRef } from '../../internal/object-keys';

export interface ObjectStatus {
  exists: boolean;
  size: number;
  contentType: string;
  /** Empty unless S3 kept a SHA-256 of the whole object (single PUTs that declared one). */
  sha256Hex: string;
  etag: string;
}

/** What S3 holds for this object; a missing object is an answer (exists: false), not an error. */
export async function statObject(props: { deps: StorageDeps; object: ObjectRef }): Promise<ObjectStatus> {
  const stat = await props.deps.objects.stat(objectKey(props.object));
  if (!stat) return { exists: false, size: 0, contentType: '', sha256Hex: '', etag: '' };
  return { exists: true, ...stat, sha256Hex: stat.sha256Hex ?? '' };
}
