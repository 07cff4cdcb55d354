import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { eventually } from '../../internal/testing/eventually';
import { requireTestEnv } from '../../internal/testing/require-env';
import { stopUserWorkflows } from './stop-user-workflows';

// Real Temporal, workflows on a task queue no worker polls: they stay
// running until terminated, here or after the test.
describe('stopUserWorkflows', () => {
  let connection: Connection;
  let temporal: Client;
  const taskQueue = `stop-user-workflows-${randomUUID()}`;
  const started: string[] = [];

  beforeAll(async () => {
    const env = requireTestEnv(['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE']);
    connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
    temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  });

  afterAll(async () => {
    for (const workflowId of started)
      await temporal.workflow
        .getHandle(workflowId)
        .terminate('test finished')
        .catch(() => undefined);
    await connection?.close();
  });

  async function start(workflowId: string, userId: string) {
    started.push(workflowId);
    await temporal.workflow.start('trashWorkflow', {
      workflowId,
      taskQueue,
      args: [{ userId, purgeAt: new Date().toISOString() }],
      searchAttributes: { UserId: [userId] },
    });
  }
  const status = async (workflowId: string) =>
    (await temporal.workflow.getHandle(workflowId).describe()).status.name;

  it("terminates the user's running workflows but the one to keep, and no one else's", async () => {
    const [userId, otherId] = [randomUUID(), randomUUID()];
    const keep = `account-deletion:${userId}`;
    const timer = `trash:${userId}:${randomUUID()}`;
    const others = `trash:${otherId}:${randomUUID()}`;
    await start(keep, userId);
    await start(timer, userId);
    await start(others, otherId);
    // Visibility lags behind the start a moment.
    await eventually(async () => {
      let found = 0;
      for await (const _ of temporal.workflow.list({ query: `UserId = '${userId}'` })) found += 1;
      return found === 2 || undefined;
    }, "the user's two workflows to be visible");

    expect(await stopUserWorkflows({ temporal, userId, keepWorkflowId: keep })).toBe(1);
    expect(await status(timer)).toBe('TERMINATED');
    expect(await status(keep)).toBe('RUNNING');
    expect(await status(others)).toBe('RUNNING');
  });
});
