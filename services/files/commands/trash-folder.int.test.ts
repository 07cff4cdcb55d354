import { randomUUID } from 'node:crypto';
import { trashWindowEnd, trashWorkflowId } from '../../../workflows/trash/contract';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';
import { platformFilesDeps } from '../testing/platform-deps';
import { createFolder } from './folders';
import { trashFolder } from './trash-folder';

// Real billing (the plan's retention) and real Temporal (the purge timer) on
// a task queue no worker polls; rows live in a rolled-back transaction and
// every timer started is terminated afterwards.
describe('trashFolder', () => {
  const { deps, trx } = platformFilesDeps();

  const code = (error: { code: string }) => ({ code: error.code });
  const insertFile = (userId: string, folderId: string | null, status: FileRow['status'] = 'ready') =>
    filesStore.insertFile(trx(), {
      id: randomUUID(),
      owner_id: userId,
      folder_id: folderId,
      name: `file-${randomUUID()}.txt`,
      content_type: 'text/plain',
      status,
      size: 12,
    });
  const fileRow = (fileId: string) =>
    trx().withSchema('files').table('files').where({ id: fileId }).first<FileRow>();
  const folderTrashedAt = async (folderId: string) =>
    (
      (await trx().withSchema('files').table('folders').where({ id: folderId }).first()) as {
        trashed_at: Date | null;
      }
    ).trashed_at;

  it('trashes the subtree’s folders and ready files under one timer, and leaves the rest alone', async () => {
    const userId = randomUUID();
    const top = await createFolder({ deps: deps(), userId, name: 'Top' });
    const inner = await createFolder({ deps: deps(), userId, name: 'Inner', parentId: top.id });
    const outside = await createFolder({ deps: deps(), userId, name: 'Outside' });
    const inTop = await insertFile(userId, top.id);
    const inInner = await insertFile(userId, inner.id);
    const pending = await insertFile(userId, inner.id, 'pending');
    const elsewhere = await insertFile(userId, outside.id);
    const { plan } = await deps().billing.getUserPlan({ userId });
    const retentionMs = (plan?.trashRetentionSeconds ?? 30 * 86400) * 1000;

    expect(await trashFolder({ deps: deps(), userId, folderId: top.id })).toBe(2);

    const trashed = await fileRow(inTop.id);
    const workflowId = trashWorkflowId(
      userId,
      trashWindowEnd(trashed.purge_at!, deps().settings.trashBatchWindowSeconds),
    );
    expect(trashed).toMatchObject({ status: 'trashed' });
    expect(trashed.purge_at!.getTime() - trashed.trashed_at!.getTime()).toBe(retentionMs);
    expect(await fileRow(inInner.id)).toMatchObject({ status: 'trashed', purge_at: trashed.purge_at });
    expect(await fileRow(pending.id)).toMatchObject({ status: 'pending', purge_at: null });
    expect(await fileRow(elsewhere.id)).toMatchObject({ status: 'ready', purge_at: null });
    expect(await folderTrashedAt(top.id)).toBeInstanceOf(Date);
    expect(await folderTrashedAt(inner.id)).toBeInstanceOf(Date);
    expect(await folderTrashedAt(outside.id)).toBeNull();
    expect(await deps().temporal.workflow.getHandle(workflowId).describe()).toMatchObject({
      status: { name: 'RUNNING' },
      taskQueue: deps().taskQueue,
    });
  });

  it('trashes an empty folder and answers 0 files', async () => {
    const userId = randomUUID();
    const empty = await createFolder({ deps: deps(), userId, name: 'Empty' });
    expect(await trashFolder({ deps: deps(), userId, folderId: empty.id })).toBe(0);
    expect(await folderTrashedAt(empty.id)).toBeInstanceOf(Date);
  });

  it('answers folder_not_found for another user’s folder and an unknown id, and trashes nothing', async () => {
    const owner = randomUUID();
    const theirs = await createFolder({ deps: deps(), userId: owner, name: 'Private' });
    const file = await insertFile(owner, theirs.id);
    for (const folderId of [theirs.id, randomUUID()]) {
      await expect(trashFolder({ deps: deps(), userId: randomUUID(), folderId })).rejects.toMatchObject(
        code(FILES_ERRORS.folderNotFound()),
      );
    }
    expect(await folderTrashedAt(theirs.id)).toBeNull();
    expect(await fileRow(file.id)).toMatchObject({ status: 'ready' });
  });
});
