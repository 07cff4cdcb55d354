import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';
import { scheduleTrashPurge } from './schedule-trash-purge';

/** Trashing twice answers the first trashing; a file that is not ready is not found. */
async function alreadyTrashed(deps: FilesDeps, userId: string, fileId: string): Promise<FileRow> {
  const row = await filesStore.findOwnedFile(deps.db, userId, fileId);
  if (row?.status !== 'trashed') throw FILES_ERRORS.fileNotFound();
  return row;
}

/** Moves a ready file to the trash at once and makes sure a purge timer covers its purge time. */
export async function trashFile(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
}): Promise<FileRow> {
  const { deps, userId, fileId } = props;
  const { plan } = await deps.billing.getUserPlan({ userId });
  const retentionMs = (plan?.trashRetentionSeconds ?? 30 * 86400) * 1000;
  const now = Date.now();
  const file =
    (await filesStore.trashReadyFile(deps.db, userId, fileId, {
      trashedAt: new Date(now),
      purgeAt: new Date(now + retentionMs),
    })) ?? (await alreadyTrashed(deps, userId, fileId));
  await scheduleTrashPurge({ deps, userId, purgeAt: file.purge_at! });
  return file;
}
