import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { SLEEP_MS, sleepyWorkflow } from './sleepy-workflow';
import { createTimeSkippingEnv } from './time-skipping-env';

describe('createTimeSkippingEnv', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('skips a 30-day timer in seconds of wall time', async () => {
    const taskQueue = `time-skipping-${Date.now()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./sleepy-workflow'),
    });

    const wallStart = Date.now();
    const workflowElapsed = await worker.runUntil(
      env.client.workflow.execute(sleepyWorkflow, { taskQueue, workflowId: `sleepy-${Date.now()}` }),
    );
    const wallElapsed = Date.now() - wallStart;

    expect(workflowElapsed).toBeGreaterThanOrEqual(SLEEP_MS);
    expect(wallElapsed).toBeLessThan(20_000);
  });
});
