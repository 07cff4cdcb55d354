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
  const size = Number(pending.size);
  const partSize = Number(pending.part_size ?? 0);
  // A URL only for a part the upload has: 1..part count (rows from before part_size: storage's own limit).
  if (partSize > 0) {
    const partCount = Math.ceil(size / partSize);
    if (props.partNumbers.some((n) => !Number.isInteger(n) || n < 1 || n > partCount))
      throw FILES_ERRORS.invalidPartNumbers(partCount);
  }
  const { parts } = await deps.storage.presignUploadParts({
    object: objectRef(userId, fileId, pending.version, pending.object_attempt),
    uploadId: pending.multipart_upload_id,
    partNumbers: props.partNumbers,
    // Each URL signs its part's exact Content-Length.
    size: BigInt(partSize > 0 ? size : 0),
    partSize: BigInt(partSize),
    // Short-lived (a client asks for parts as it sends them), and never past the upload's expiry.
    expiresInSeconds: Math.min(
      deps.settings.uploadPartUrlTtlSeconds,
      presignSecondsUntil(pending.expires_at),
    ),
  });
  return parts;
}
