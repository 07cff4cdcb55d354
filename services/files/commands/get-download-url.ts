import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { presignFileDownload } from '../presign-file-download';
import { filesStore, type FileRow } from '../store';

const OPENED_AT_RESOLUTION_MS = 1000;

/** A short-lived presigned GET of the current version, named after the file; also marks it opened. */
export async function getDownloadUrl(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  /** The owner's row when the caller already read it (the access check does). */
  file?: FileRow;
}): Promise<{ url: string; expiresAt: Date }> {
  const { deps, userId, fileId } = props;
  const file = props.file ?? (await filesStore.findOwnedFile(deps.db, userId, fileId));
  if (!file || file.status === 'failed' || file.status === 'pending') throw FILES_ERRORS.fileNotFound();
  const presigned = await presignFileDownload(deps, file, deps.settings.downloadUrlTtlSeconds);
  // The row just read says whether it was opened in the last second: a burst
  // of downloads of one file then costs no write and no round trip at all.
  if (!file.opened_at || Date.now() - file.opened_at.getTime() >= OPENED_AT_RESOLUTION_MS)
    await filesStore.markOpened(deps.db, fileId);
  return presigned;
}
