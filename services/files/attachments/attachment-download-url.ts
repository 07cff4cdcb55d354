import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { presignFileDownload } from '../presign-file-download';
import { filesStore } from '../store';

/**
 * A presigned GET of an attached file, as its owner: the chat service has
 * already decided the caller is a member of a channel whose message carries
 * it. Only a ready file is answered; once trashed or purged it is gone for
 * the channel too.
 */
export async function attachmentDownloadUrl(props: {
  deps: FilesDeps;
  ownerId: string;
  fileId: string;
}): Promise<{ url: string; expiresAt: Date }> {
  const { deps, ownerId, fileId } = props;
  const file = await filesStore.findOwnedFile(deps.db, ownerId, fileId);
  if (!file || file.status !== 'ready') throw FILES_ERRORS.fileNotFound();
  return presignFileDownload(deps, file, deps.settings.downloadUrlTtlSeconds);
}
