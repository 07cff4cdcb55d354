import type { FilesDeps } from '../deps';
import { objectRef } from '../object-ref';
import { filesStore } from '../store';

/**
 * Gives up an upload: removes whatever storage holds for that version
 * (partial multipart upload included), then marks it failed and releases
 * its reservation. Every step is safe to repeat.
 */
export async function failUpload(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  version: number;
  size: number;
}): Promise<void> {
  const { deps, userId, fileId, version, size } = props;
  const versionRow = await filesStore.findVersion(deps.db, fileId, version);
  if (!versionRow || versionRow.status !== 'pending') return;
  await deps.storage.abortUpload({
    object: objectRef(userId, fileId, version, versionRow.object_attempt),
    uploadId: versionRow.multipart_upload_id ?? '',
  });
  await deps.db.transaction(async (trx) => {
    await filesStore.lockUsage(trx, userId, deps.usageCache);
    if (!(await filesStore.settleVersion(trx, fileId, version, 'failed'))) return;
    await filesStore.changeUsage(trx, userId, { reserved: -size });
    if (version === 1) await filesStore.updateFile(trx, fileId, { status: 'failed' });
  });
}
