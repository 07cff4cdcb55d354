import type { Context as ActivityContext } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { Counter, Histogram, type Registry } from 'prom-client';

export type ActivityOutcome = 'success' | 'failure' | 'cancelled';

/**
 * Every activity attempt this worker runs, by activity type and outcome
 * (a failed attempt Temporal retries counts as one failure), and how long
 * it took. Counted in the worker process, so no Temporal metrics endpoint
 * is needed.
 */
export class ActivityMetrics {
  private readonly attempts: Counter<'activity' | 'outcome'>;
  private readonly duration: Histogram<'activity'>;

  constructor(registry: Registry) {
    this.attempts = new Counter({
      name: 'streamhub_temporal_activities_total',
      help: 'Activity attempts run by this worker, by activity type and outcome (success, failure, cancelled).',
      labelNames: ['activity', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'streamhub_temporal_activity_duration_seconds',
      help: 'Duration of an activity attempt, by activity type.',
      labelNames: ['activity'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
  }

  observe(activity: string, outcome: ActivityOutcome, seconds: number): void {
    this.attempts.inc({ activity, outcome });
    this.duration.observe({ activity }, seconds);
  }

  /** The worker's `interceptors.activity` entry. */
  interceptor(): ActivityInterceptorsFactory {
    return (context: ActivityContext) => ({
      inbound: {
        execute: async (input, next) => {
          const started = performance.now();
          const done = (outcome: ActivityOutcome) =>
            this.observe(context.info.activityType, outcome, (performance.now() - started) / 1000);
          try {
            const result = await next(input);
            done('success');
            return result;
          } catch (error) {
            done(error instanceof CancelledFailure ? 'cancelled' : 'failure');
            throw error;
          }
        },
      },
    });
  }
}
