import type { StorageDeps } from '../deps';
import { objectKey, objectRefProblems, type ObjectRef } from '../../internal/object-keys';
import { assertValid, uploadIdProblem } from '../validation';

/**
 * Leaves nothing of an upload behind: aborts the named multipart upload and
 * any other unfinished one of this object (a retried CreateUpload may have
 * started one whose id was lost), then deletes every stored version.
 * Idempotent.
 */
export async function abortUpload(props: {
  deps: StorageDeps;
  object: ObjectRef;
  uploadId?: string;
}): Promise<void> {
  const { objects } = props.deps;
  assertValid([
    objectRefProblems(props.object),
    props.uploadId ? uploadIdProblem(props.uploadId) : undefined,
  ]);
  const key = objectKey(props.object);
  if (props.uploadId) await objects.abortMultipart({ key, uploadId: props.uploadId });
  await objects.abortAllMultipart(key);
  await objects.deleteAllVersions(key);
}
