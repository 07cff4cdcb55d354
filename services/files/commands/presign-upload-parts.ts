import { presignSecondsUntil } from '../../internal/upload-expiry';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { objectRef } from '../object-ref';
import { filesStore } from '../store';

export async function presignUploadParts(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  partNumbers: number[];
}) {
  const { deps, userId, fileId } = props;
  const file = await filesStore.findOwnedFile(deps.db, userId, fileId);
  if (!file) throw FILES_ERRORS.fileNotFound();
  const pending = await filesStore.pendingVersion(deps.db, fileId);
  if (!pending) throw FILES_ERRORS.notUploading();
  if (!pending.multipart_upload_id) throw FILES_ERRORS.notMultipart();
  const { parts } = await deps.storage.presignUploadParts({
    object: objectRef(userId, fileId, pending.version),
    uploadId: pending.multipart_upload_id,
    partNumbers: props.partNumbers,
    // Parts stop working with the upload, not a part's lifetime later.
    expiresInSeconds: presignSecondsUntil(pending.expires_at),
  });
  return parts;
}
