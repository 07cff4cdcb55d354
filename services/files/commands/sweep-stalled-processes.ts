import type { FilesDeps } from '../deps';
import { filesStore } from '../store';
import { purgeTrashNow } from './schedule-trash-purge';
import { startUploadWorkflow } from './start-upload-workflow';

const STALL_MS = 60_000;
const BATCH = 100;

/**
 * Repairs the one gap a crash can leave: a committed pending upload or a
 * trashed file whose workflow was never started (the process died between
 * the commit and the start). Both starts are idempotent.
 */
export async function sweepStalledProcesses(props: {
  deps: FilesDeps;
}): Promise<{ uploads: number; trash: number }> {
  const { deps } = props;
  const olderThan = new Date(Date.now() - STALL_MS);
  const uploads = await filesStore.unstartedUploads(deps.db, olderThan, BATCH);
  for (const upload of uploads) {
    await startUploadWorkflow({
      deps,
      userId: upload.owner_id,
      fileId: upload.file_id,
      version: upload.version,
      size: Number(upload.size),
      sha256: upload.sha256 ?? undefined,
      urlExpiresAt: upload.expires_at,
    });
  }
  const overdue = (await deps.db
    .withSchema('files')
    .table('files')
    .where({ status: 'trashed' })
    .where('purge_at', '<', olderThan)
    .distinct('owner_id')
    .limit(BATCH)) as Array<{ owner_id: string }>;
  for (const { owner_id } of overdue) await purgeTrashNow({ deps, userId: owner_id });
  return { uploads: uploads.length, trash: overdue.length };
}
