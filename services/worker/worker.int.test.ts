import { Connection } from '@temporalio/client';
import { eventually } from '../internal/testing/eventually';
import { startTestPlatform, type TestPlatform } from '../internal/testing/test-platform';

describe('the worker target', () => {
  let app: TestPlatform;
  let connection: Connection;
  const taskQueue = `worker-test-${Date.now()}`;

  beforeAll(async () => {
    app = await startTestPlatform({ targets: ['worker'], env: { TEMPORAL_TASK_QUEUE: taskQueue } });
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  });

  afterAll(async () => {
    await connection?.close();
    await app?.stop();
  });

  it('connects to Temporal and polls its task queue for workflow tasks', async () => {
    const pollers = await eventually(async () => {
      const response = await connection.workflowService.describeTaskQueue({
        namespace: process.env.TEMPORAL_NAMESPACE,
        taskQueue: { name: taskQueue },
        taskQueueType: 1, // WORKFLOW
      });
      return response.pollers.length > 0 ? response.pollers : undefined;
    }, 'a poller on the task queue');
    expect(pollers[0]?.identity).toMatch(/@/);
  });
});
