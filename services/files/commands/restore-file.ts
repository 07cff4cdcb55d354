import { isUniqueViolation } from '../../internal/db';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';

/** Takes a file out of the trash; its purge timer then finds nothing to do for it. */
export async function restoreFile(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
}): Promise<FileRow> {
  const { deps, userId, fileId } = props;
  try {
    return await deps.db.transaction(async (trx) => {
      const file = await filesStore.findOwnedFile(trx, userId, fileId, { lock: true });
      if (!file || file.status === 'failed' || file.status === 'pending') throw FILES_ERRORS.fileNotFound();
      if (file.status !== 'trashed') throw FILES_ERRORS.notTrashed();
      // Once due, the purge may already be deleting its objects: too late.
      if (file.purge_at && file.purge_at.getTime() <= Date.now()) throw FILES_ERRORS.restoreWindowClosed();
      const folderGone = file.folder_id
        ? !((await trx
            .withSchema('files')
            .table('folders')
            .where({ id: file.folder_id })
            .whereNull('trashed_at')
            .first()) as unknown)
        : false;
      return filesStore.updateFile(trx, fileId, {
        status: 'ready',
        trashed_at: null,
        purge_at: null,
        ...(folderGone ? { folder_id: null } : {}),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw FILES_ERRORS.nameTaken();
    throw error;
  }
}
