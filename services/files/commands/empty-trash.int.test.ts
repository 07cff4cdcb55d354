import { randomUUID } from 'node:crypto';
import { trashWorkflowId } from '../../../workflows/trash/contract';
import { filesStore, type FileRow } from '../store';
import { platformFilesDeps } from '../testing/platform-deps';
import { emptyTrash } from './empty-trash';

const DAY_MS = 86_400_000;

// Real Temporal on a task queue no worker polls: the purge run never runs,
// and each test terminates what it started. Rows live in a rolled-back transaction.
describe('emptyTrash', () => {
  const { deps, trx } = platformFilesDeps();

  const insertFile = async (userId: string, status: FileRow['status'], purgeAt: Date | null = null) => {
    const file = await filesStore.insertFile(trx(), {
      id: randomUUID(),
      owner_id: userId,
      folder_id: null,
      name: `file-${randomUUID()}.txt`,
      content_type: 'text/plain',
      status,
      size: 12,
    });
    return filesStore.updateFile(trx(), file.id, { purge_at: purgeAt, trashed_at: purgeAt && new Date() });
  };
  const fileRow = (fileId: string) =>
    trx().withSchema('files').table('files').where({ id: fileId }).first<FileRow>();

  /** The purge runs started for the user between two instants (ids are named after the start time, to the millisecond). */
  async function purgeRunsBetween(userId: string, from: number, to: number) {
    const found = [];
    for (let at = from; at <= to; at += 1) {
      const workflowId = trashWorkflowId(userId, new Date(at));
      const description = await deps()
        .temporal.workflow.getHandle(workflowId)
        .describe()
        .catch(() => undefined);
      if (description) {
        found.push(description);
      }
    }
    return found;
  }

  it('makes every trashed file due now and starts one purge run', async () => {
    const userId = randomUUID();
    const later = new Date(Date.now() + 30 * DAY_MS);
    const trashed = [await insertFile(userId, 'trashed', later), await insertFile(userId, 'trashed', later)];
    const ready = await insertFile(userId, 'ready');
    const theirs = await insertFile(randomUUID(), 'trashed', later);

    const before = Date.now();
    expect(await emptyTrash({ deps: deps(), userId })).toBe(2);
    const after = Date.now();

    for (const file of trashed) {
      const purgeAt = (await fileRow(file.id)).purge_at!.getTime();
      expect(purgeAt).toBeGreaterThanOrEqual(before - 1000);
      expect(purgeAt).toBeLessThanOrEqual(after + 1000);
    }
    expect(await fileRow(ready.id)).toMatchObject({ status: 'ready', purge_at: null });
    expect((await fileRow(theirs.id)).purge_at).toEqual(later);
    const runs = await purgeRunsBetween(userId, before, after);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: { name: 'RUNNING' }, taskQueue: deps().taskQueue });
  });

  it('answers 0 and starts no purge run when the trash is empty', async () => {
    const userId = randomUUID();
    await insertFile(userId, 'ready');
    const before = Date.now();
    expect(await emptyTrash({ deps: deps(), userId })).toBe(0);
    expect(await purgeRunsBetween(userId, before, Date.now())).toEqual([]);
  });
});
