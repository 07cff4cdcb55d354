import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { filesStore } from '../store';
import { failUpload } from './fail-upload';

/** The client gives up: storage is cleaned and the reservation released now, not at expiry. */
export async function abortUpload(props: { deps: FilesDeps; userId: string; fileId: string }): Promise<void> {
  const { deps, userId, fileId } = props;
  const file = await filesStore.findOwnedFile(deps.db, userId, fileId);
  if (!file) throw FILES_ERRORS.fileNotFound();
  const pending = await filesStore.pendingVersion(deps.db, fileId);
  if (!pending) throw FILES_ERRORS.notUploading();
  await failUpload({ deps, userId, fileId, version: pending.version, size: Number(pending.size) });
}
