import { randomUUID } from 'node:crypto';
import { trashWindowEnd, trashWorkflowId } from '../../../workflows/trash/contract';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';
import { platformFilesDeps } from '../testing/platform-deps';
import { trashFile } from './trash-file';

// Real billing (the plan's retention) over gRPC and real Temporal (the purge
// timer) on a task queue no worker polls; the files rows live in a
// rolled-back transaction, and every timer started is terminated afterwards.
describe('trashFile', () => {
  const { deps, trx } = platformFilesDeps();

  const code = (error: { code: string }) => ({ code: error.code });
  const insertFile = (userId: string, fields: Partial<Pick<FileRow, 'status'>> = {}) =>
    filesStore.insertFile(trx(), {
      id: randomUUID(),
      owner_id: userId,
      folder_id: null,
      name: `file-${randomUUID()}.txt`,
      content_type: 'text/plain',
      status: 'ready',
      size: 12,
      ...fields,
    });
  const timerFor = (userId: string, purgeAt: Date) =>
    trashWorkflowId(userId, trashWindowEnd(purgeAt, deps().settings.trashBatchWindowSeconds));

  it('trashes a ready file with the plan’s retention and starts the purge timer for its window', async () => {
    const userId = randomUUID();
    const file = await insertFile(userId);
    const { plan } = await deps().billing.getUserPlan({ userId });
    const retentionMs = (plan?.trashRetentionSeconds ?? 30 * 86400) * 1000;

    const before = Date.now();
    const trashed = await trashFile({ deps: deps(), userId, fileId: file.id });
    const workflowId = timerFor(userId, trashed.purge_at!);

    expect(trashed).toMatchObject({ id: file.id, status: 'trashed' });
    expect(trashed.trashed_at!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(trashed.purge_at!.getTime() - trashed.trashed_at!.getTime()).toBe(retentionMs);
    const timer = await deps().temporal.workflow.getHandle(workflowId).describe();
    expect(timer).toMatchObject({ status: { name: 'RUNNING' }, taskQueue: deps().taskQueue });
  });

  it('leaves a file already in the trash as it was', async () => {
    const userId = randomUUID();
    const file = await insertFile(userId);
    const first = await trashFile({ deps: deps(), userId, fileId: file.id });
    const again = await trashFile({ deps: deps(), userId, fileId: file.id });
    expect(again).toMatchObject({
      status: 'trashed',
      trashed_at: first.trashed_at,
      purge_at: first.purge_at,
    });
  });

  it('answers file_not_found for another user’s file, a pending upload and an unknown id, and trashes nothing', async () => {
    const userId = randomUUID();
    const owner = randomUUID();
    const theirs = await insertFile(owner);
    const pending = await insertFile(userId, { status: 'pending' });
    for (const fileId of [theirs.id, pending.id, randomUUID()]) {
      await expect(trashFile({ deps: deps(), userId, fileId })).rejects.toMatchObject(
        code(FILES_ERRORS.fileNotFound()),
      );
    }
    expect(await filesStore.findOwnedFile(trx(), owner, theirs.id)).toMatchObject({ status: 'ready' });
  });
});
