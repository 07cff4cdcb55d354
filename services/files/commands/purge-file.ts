import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';
import { purgeTrashNow } from './schedule-trash-purge';

/**
 * DELETE /v1/trash/{id}: one trashed file becomes due now and the owner's
 * purge run takes it, exactly as DELETE /v1/trash does for all of them.
 * Idempotent: asking again while the purge runs finds it still due.
 */
export async function purgeFile(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
}): Promise<FileRow> {
  const { deps, userId, fileId } = props;
  const [due] = (await deps.db
    .withSchema('files')
    .table('files')
    .where({ id: fileId, owner_id: userId, status: 'trashed' })
    .update({ purge_at: new Date() })
    .returning('*')) as FileRow[];
  if (!due) {
    const file = await filesStore.findOwnedFile(deps.db, userId, fileId);
    if (!file || file.status === 'failed') throw FILES_ERRORS.fileNotFound();
    throw FILES_ERRORS.notTrashed();
  }
  await purgeTrashNow({ deps, userId });
  return due;
}
