import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';

/** Makes an older ready version current again; every version stays stored (and counted). */
export async function restoreVersion(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  version: number;
}): Promise<FileRow> {
  const { deps, userId, fileId } = props;
  return deps.db.transaction(async (trx) => {
    const file = await filesStore.findOwnedFile(trx, userId, fileId, { lock: true });
    if (!file || file.status !== 'ready') throw FILES_ERRORS.fileNotFound();
    const version = await filesStore.findVersion(trx, fileId, props.version);
    if (!version || version.status !== 'ready') throw FILES_ERRORS.versionNotFound();
    return filesStore.updateFile(trx, fileId, {
      current_version: version.version,
      current_object_attempt: version.object_attempt,
      size: version.size,
      content_type: version.content_type,
    });
  });
}
