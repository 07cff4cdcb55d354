import type { FilesDeps } from '../deps';
import { getFolder, subtreeIds } from './folders';
import { scheduleTrashPurge } from './schedule-trash-purge';

/** Trashes a folder: its subtree's folders disappear and every ready file in it joins the trash, under one timer. */
export async function trashFolder(props: {
  deps: FilesDeps;
  userId: string;
  folderId: string;
}): Promise<number> {
  const { deps, userId } = props;
  await getFolder(props);
  const { plan } = await deps.billing.getUserPlan({ userId });
  const now = new Date();
  const purgeAt = new Date(now.getTime() + (plan?.trashRetentionSeconds ?? 30 * 86400) * 1000);
  const count = await deps.db.transaction(async (trx) => {
    const ids = await subtreeIds(trx, props.folderId);
    await trx.withSchema('files').table('folders').whereIn('id', ids).update({ trashed_at: now });
    const trashed: number = await trx
      .withSchema('files')
      .table('files')
      .where({ owner_id: userId, status: 'ready' })
      .whereIn('folder_id', ids)
      .update({ status: 'trashed', trashed_at: now, purge_at: purgeAt });
    return trashed;
  });
  if (count > 0) await scheduleTrashPurge({ deps, userId, purgeAt });
  return count;
}
