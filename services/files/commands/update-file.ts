import { isUniqueViolation } from '../../internal/db';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';

/** Rename, move (empty folderId = root) and star. */
export async function updateFile(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  name?: string;
  folderId?: string;
  starred?: boolean;
}): Promise<FileRow> {
  const { deps, userId, fileId } = props;
  try {
    return await deps.db.transaction(async (trx) => {
      const file = await filesStore.findOwnedFile(trx, userId, fileId, { lock: true });
      if (!file || file.status === 'failed' || file.status === 'trashed') throw FILES_ERRORS.fileNotFound();
      const changes: Record<string, unknown> = {};
      if (props.name !== undefined) changes.name = props.name;
      if (props.starred !== undefined) changes.starred = props.starred;
      if (props.folderId !== undefined) {
        if (props.folderId) {
          const folder = (await trx
            .withSchema('files')
            .table('folders')
            .where({ id: props.folderId, owner_id: userId })
            .whereNull('trashed_at')
            .first()) as unknown;
          if (!folder) throw FILES_ERRORS.folderNotFound();
        }
        changes.folder_id = props.folderId || null;
      }
      if (Object.keys(changes).length === 0) return file;
      return filesStore.updateFile(trx, fileId, changes);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw FILES_ERRORS.nameTaken();
    throw error;
  }
}
