import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';
import { scheduleTrashPurge } from './schedule-trash-purge';

/** Moves a ready file to the trash at once and makes sure a purge timer covers its purge time. */
export async function trashFile(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
}): Promise<FileRow> {
  const { deps, userId, fileId } = props;
  const { plan } = await deps.billing.getUserPlan({ userId });
  const retentionMs = (plan?.trashRetentionSeconds ?? 30 * 86400) * 1000;
  const file = await deps.db.transaction(async (trx) => {
    const row = await filesStore.findOwnedFile(trx, userId, fileId, { lock: true });
    if (!row || row.status === 'failed' || row.status === 'pending') throw FILES_ERRORS.fileNotFound();
    if (row.status === 'trashed') return row;
    const now = Date.now();
    return filesStore.updateFile(trx, fileId, {
      status: 'trashed',
      trashed_at: new Date(now),
      purge_at: new Date(now + retentionMs),
    });
  });
  await scheduleTrashPurge({ deps, userId, purgeAt: file.purge_at! });
  return file;
}
