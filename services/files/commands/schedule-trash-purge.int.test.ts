import { randomUUID } from 'node:crypto';
import { trashWindowEnd, trashWorkflowId } from '../../../workflows/trash/contract';
import { platformFilesDeps } from '../testing/platform-deps';
import { scheduleTrashPurge } from './schedule-trash-purge';

const DAY_MS = 86_400_000;

// Real Temporal on a task queue no worker polls: the timers never fire, and each test terminates what it started.
describe('scheduleTrashPurge', () => {
  const { deps } = platformFilesDeps();

  const windowMs = () => deps().settings.trashBatchWindowSeconds * 1000;
  const timerFor = (userId: string, purgeAt: Date) =>
    trashWorkflowId(userId, trashWindowEnd(purgeAt, deps().settings.trashBatchWindowSeconds));

  it('starts one timer, named after the window end, for purge times in the same window', async () => {
    const userId = randomUUID();
    const windowStart = Math.ceil((Date.now() + DAY_MS) / windowMs()) * windowMs();
    const first = new Date(windowStart + 1);
    const second = new Date(windowStart + windowMs() - 1);
    const workflowId = trashWorkflowId(userId, new Date(windowStart + windowMs()));
    expect(timerFor(userId, first)).toBe(workflowId);
    expect(timerFor(userId, second)).toBe(workflowId);

    await scheduleTrashPurge({ deps: deps(), userId, purgeAt: first });
    const started = await deps().temporal.workflow.getHandle(workflowId).describe();
    await scheduleTrashPurge({ deps: deps(), userId, purgeAt: second });
    const after = await deps().temporal.workflow.getHandle(workflowId).describe();

    expect(started).toMatchObject({ status: { name: 'RUNNING' }, taskQueue: deps().taskQueue });
    expect(after.runId).toBe(started.runId);
  });

  it('starts a timer of its own for each window', async () => {
    const userId = randomUUID();
    const early = new Date(Date.now() + DAY_MS);
    const late = new Date(early.getTime() + windowMs() * 3);
    const ids = [timerFor(userId, early), timerFor(userId, late)];
    expect(ids[0]).not.toBe(ids[1]);

    await scheduleTrashPurge({ deps: deps(), userId, purgeAt: early });
    await scheduleTrashPurge({ deps: deps(), userId, purgeAt: late });

    for (const workflowId of ids) {
      expect(await deps().temporal.workflow.getHandle(workflowId).describe()).toMatchObject({
        status: { name: 'RUNNING' },
      });
    }
  });
});
