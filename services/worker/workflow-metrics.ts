import type { InjectedSinks } from '@temporalio/worker';
import { Counter, type Registry } from 'prom-client';
import type { WorkflowMetricsSinks, WorkflowOutcome } from '../../workflows/metrics-interceptor';

/**
 * Workflow executions this worker finished, by workflow type and outcome,
 * as workflows/metrics-interceptor.ts reports them through its sink.
 */
export class WorkflowMetrics {
  private readonly executions: Counter<'workflow' | 'outcome'>;

  constructor(registry: Registry) {
    this.executions = new Counter({
      name: 'streamhub_temporal_workflows_total',
      help: 'Workflow executions finished on this worker, by workflow type and outcome (completed, failed, cancelled, continued_as_new).',
      labelNames: ['workflow', 'outcome'],
      registers: [registry],
    });
  }

  observe(workflow: string, outcome: WorkflowOutcome): void {
    this.executions.inc({ workflow, outcome });
  }

  /** The worker's `sinks`. */
  sinks(): InjectedSinks<WorkflowMetricsSinks> {
    return {
      workflowMetrics: {
        finished: {
          fn: (info, outcome) => this.observe(info.workflowType, outcome),
          callDuringReplay: false,
        },
      },
    };
  }
}
