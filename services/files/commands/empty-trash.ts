import type { FilesDeps } from '../deps';
import { purgeTrashNow } from './schedule-trash-purge';

/** DELETE /v1/trash: everything trashed becomes due now and one purge run takes it. */
export async function emptyTrash(props: { deps: FilesDeps; userId: string }): Promise<number> {
  const { deps, userId } = props;
  const now = new Date();
  const count = await deps.db
    .withSchema('files')
    .table('files')
    .where({ owner_id: userId, status: 'trashed' })
    .update({ purge_at: now });
  if (count > 0) await purgeTrashNow({ deps, userId });
  return count;
}
