import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { Registry } from 'prom-client';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../workflows/workflow-source';
import { connectTemporal } from '../internal/temporal-runtime';
import { workflowTracingSinks } from '../internal/tracing/temporal-tracing';
import { requireTestEnv } from '../internal/testing/require-env';
import { WorkflowMetrics } from './workflow-metrics';

// The interceptor the worker loads into every workflow, on the real Temporal
// server: a completed and a failed execution are each counted once.
describe('streamhub_temporal_workflows_total', () => {
  const { TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE } = requireTestEnv(['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE']);

  it('counts finished executions by workflow type and outcome', async () => {
    const registry = new Registry();
    const taskQueue = `workflow-metrics-test-${randomUUID()}`;
    const worker = await Worker.create({
      connection: await connectTemporal(TEMPORAL_ADDRESS),
      namespace: TEMPORAL_NAMESPACE,
      taskQueue,
      workflowsPath: require.resolve('./testing/outcome-workflows'),
      interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES },
      // The tracing interceptors in WORKFLOW_INTERCEPTOR_MODULES export to this sink.
      sinks: { ...new WorkflowMetrics(registry).sinks(), ...workflowTracingSinks() },
    });
    const connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
    const client = new Client({ connection, namespace: TEMPORAL_NAMESPACE });
    try {
      await worker.runUntil(async () => {
        await client.workflow.execute('completesWorkflow', { taskQueue, workflowId: randomUUID() });
        await expect(
          client.workflow.execute('failsWorkflow', { taskQueue, workflowId: randomUUID() }),
        ).rejects.toBeInstanceOf(WorkflowFailedError);
      });
    } finally {
      await connection.close();
    }
    const text = await registry.metrics();
    expect(text).toContain(
      'streamhub_temporal_workflows_total{workflow="completesWorkflow",outcome="completed"} 1',
    );
    expect(text).toContain('streamhub_temporal_workflows_total{workflow="failsWorkflow",outcome="failed"} 1');
  });
});
