import type { StorageDeps } from '../deps';
import { STORAGE_ERRORS } from '../errors';
import { objectKey, type ObjectRef } from '../../internal/object-keys';

/** Reads the object through SHA-256: the only way to verify a multipart upload's content. */
export async function computeSha256(props: {
  deps: StorageDeps;
  object: ObjectRef;
}): Promise<{ sha256Hex: string; size: number }> {
  const result = await props.deps.objects.computeSha256(objectKey(props.object));
  if (!result) throw STORAGE_ERRORS.objectNotFound();
  return result;
}
