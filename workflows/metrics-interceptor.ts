// Runs inside the workflow sandbox, which has no prom-client: it tells the
// worker how each execution ended through a sink, and the worker counts it
// (services/worker/workflow-metrics.ts). Sinks are not called while a
// workflow replays, so an execution is counted once.
import {
  ContinueAsNew,
  isCancellation,
  proxySinks,
  TemporalFailure,
  type Sinks,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';

export type WorkflowOutcome = 'completed' | 'failed' | 'cancelled' | 'continued_as_new';

export interface WorkflowMetricsSinks extends Sinks {
  workflowMetrics: { finished(outcome: WorkflowOutcome): void };
}

const { workflowMetrics } = proxySinks<WorkflowMetricsSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        try {
          const result = await next(input);
          workflowMetrics.finished('completed');
          return result;
        } catch (error) {
          if (error instanceof ContinueAsNew) workflowMetrics.finished('continued_as_new');
          else if (isCancellation(error)) workflowMetrics.finished('cancelled');
          // Any other error fails the workflow task, which Temporal retries: the execution goes on.
          else if (error instanceof TemporalFailure) workflowMetrics.finished('failed');
          throw error;
        }
      },
    },
  ],
});
