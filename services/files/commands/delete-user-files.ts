import type { Transaction } from '../../internal/db';
import type { FilesDeps } from '../deps';
import { sharesStore } from '../sharing/shares-store';
import { filesStore } from '../store';

/**
 * Account deletion: deletes up to `limit` of the user's files rows (their
 * versions cascade) and takes their bytes and count off the usage row in the
 * same transaction, so usage stays exact between pages; once no file is
 * left, the user's shares, folders and usage row go too. The caller repeats while
 * `more`. Idempotent: a page deleted is not found again, and a crash rolls
 * the page back whole. The objects are storage's (deleteUserObjectsPage).
 */
export async function deleteUserFilesPage(props: {
  deps: FilesDeps;
  userId: string;
  limit: number;
}): Promise<{ deleted: number; more: boolean }> {
  const { deps, userId } = props;
  return deps.db.transaction(async (trx) => {
    // The usage row first, as every command that changes usage does.
    await filesStore.lockUsage(trx, userId, deps.usageCache);
    const page = (
      await trx
        .withSchema('files')
        .table('files')
        .where({ owner_id: userId })
        .orderBy('id')
        .limit(props.limit)
        .forUpdate()
        .select<Array<{ id: string }>>('id')
    ).map((row) => row.id);
    if (page.length > 0) await deleteFiles(trx, userId, page);
    if (page.length === props.limit) return { deleted: page.length, more: true };
    // Every share the user made, of the files and folders now gone.
    await sharesStore.deleteOwnedBy(trx, userId);
    await trx.withSchema('files').table('folders').where({ owner_id: userId }).delete();
    await trx.withSchema('files').table('usage').where({ user_id: userId }).delete();
    return { deleted: page.length, more: false };
  });
}

async function deleteFiles(trx: Transaction, userId: string, fileIds: string[]): Promise<void> {
  const sums = (await trx
    .withSchema('files')
    .table('file_versions')
    .whereIn('file_id', fileIds)
    .select(
      trx.raw("coalesce(sum(size) FILTER (WHERE status = 'ready'), 0)::bigint AS used"),
      trx.raw("coalesce(sum(size) FILTER (WHERE status = 'pending'), 0)::bigint AS reserved"),
    )
    .first()) as { used: string; reserved: string };
  const counted = (await trx
    .withSchema('files')
    .table('files')
    .whereIn('id', fileIds)
    .whereIn('status', ['ready', 'trashed'])
    .count({ n: '*' })
    .first()) as { n: string };
  await trx.withSchema('files').table('files').whereIn('id', fileIds).delete();
  await filesStore.changeUsage(trx, userId, {
    used: -Number(sums.used),
    reserved: -Number(sums.reserved),
    files: -Number(counted.n),
  });
}
