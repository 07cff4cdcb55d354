import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../testing/time-skipping-env';
import { purgeNowSignal, type TrashActivities } from './contract';
import { trashWorkflow } from './workflows';

const DAY_MS = 86_400_000;

describe('trashWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let purges: Array<{ dueBy: string; at: number }>;
  /** What each purge call answers: a page's count, or busy (another run holds the user's purge lock). */
  let pages: Array<number | 'busy'>;

  const activities: TrashActivities = {
    purgeDueFiles: async (input) => {
      purges.push({ dueBy: input.dueBy, at: Number(await env.currentTimeMs()) });
      const page = pages.shift() ?? 0;
      return page === 'busy' ? { purged: 0, busy: true } : { purged: page };
    },
  };

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  beforeEach(() => {
    purges = [];
    pages = [];
  });

  async function run<T>(body: (taskQueue: string, purgeAt: string) => Promise<T>): Promise<T> {
    const taskQueue = `trash-${Math.random()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./workflows'),
      activities,
    });
    const purgeAt = new Date(Number(await env.currentTimeMs()) + 30 * DAY_MS).toISOString();
    return worker.runUntil(body(taskQueue, purgeAt));
  }

  it('purges once its 30-day timer fires, without waiting 30 days', async () => {
    pages = [3];
    const started = Date.now();
    const result = await run((taskQueue, purgeAt) =>
      env.client.workflow.execute(trashWorkflow, {
        taskQueue,
        workflowId: `trash-${Math.random()}`,
        args: [{ userId: 'u', purgeAt }],
      }),
    );
    expect(result).toEqual({ purgedFiles: 3 });
    expect(purges).toHaveLength(1);
    expect(purges[0]!.at).toBeGreaterThanOrEqual(Date.parse(purges[0]!.dueBy));
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('purges at once when told to purge now', async () => {
    pages = [1];
    const { result, purgeAt } = await run(async (taskQueue, purgeAt) => {
      const handle = await env.client.workflow.start(trashWorkflow, {
        taskQueue,
        workflowId: `trash-${Math.random()}`,
        args: [{ userId: 'u', purgeAt }],
      });
      await handle.signal(purgeNowSignal);
      return { result: await handle.result(), purgeAt };
    });
    expect(result).toEqual({ purgedFiles: 1 });
    expect(purges[0]!.at).toBeLessThan(Date.parse(purgeAt));
  });

  it('pages through a large batch until a page comes back short', async () => {
    pages = [1000, 1000, 37];
    const result = await run((taskQueue, purgeAt) =>
      env.client.workflow.execute(trashWorkflow, {
        taskQueue,
        workflowId: `trash-${Math.random()}`,
        args: [{ userId: 'u', purgeAt }],
      }),
    );
    expect(result).toEqual({ purgedFiles: 2037 });
    expect(purges).toHaveLength(3);
  });

  it('waits and tries again while another run purges the same user', async () => {
    pages = ['busy', 'busy', 12];
    const result = await run((taskQueue, purgeAt) =>
      env.client.workflow.execute(trashWorkflow, {
        taskQueue,
        workflowId: `trash-${Math.random()}`,
        args: [{ userId: 'u', purgeAt }],
      }),
    );
    expect(result).toEqual({ purgedFiles: 12 });
    expect(purges).toHaveLength(3);
    expect(purges[1]!.at - purges[0]!.at).toBeGreaterThanOrEqual(1000);
  });
});
