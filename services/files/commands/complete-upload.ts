import { completeUpdate, uploadWorkflowId } from '../../../workflows/upload/contract';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';

/**
 * The client says the upload is done. The upload workflow verifies (and
 * assembles a multipart upload), so this answers with the settled file; it
 * is idempotent: completing a ready file just returns it.
 */
export async function completeUpload(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  parts: Array<{ partNumber: number; etag: string }>;
}): Promise<FileRow> {
  const { deps, userId, fileId } = props;
  const file = await filesStore.findOwnedFile(deps.db, userId, fileId);
  if (!file) throw FILES_ERRORS.fileNotFound();
  const pending = await filesStore.pendingVersion(deps.db, fileId);
  if (!pending) {
    if (file.status === 'ready' || file.status === 'trashed') return file;
    throw FILES_ERRORS.uploadClosed();
  }
  if (props.parts.length > 0 && !pending.multipart_upload_id) throw FILES_ERRORS.notMultipart();
  const handle = deps.temporal.workflow.getHandle(uploadWorkflowId(fileId));
  const outcome = await handle.executeUpdate(completeUpdate, { args: [{ parts: props.parts }] });
  if (outcome.status === 'waiting') throw FILES_ERRORS.notUploadedYet();
  if (outcome.status === 'failed') throw FILES_ERRORS.verificationFailed(outcome.reason);
  return (await filesStore.findOwnedFile(deps.db, userId, fileId))!;
}
