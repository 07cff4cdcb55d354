import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { StreamHubPlatform } from './api/v1alpha1/types';
import { conditionSamples } from './condition-samples';
import type { ReconcileOutcome } from './framework/controller';

export interface OperatorState {
  isLeader(): boolean;
  /** Keys waiting per controller (platform, plan). */
  queueDepths(): Record<string, number>;
  /** The StreamHubPlatforms as the informer holds them, status included. */
  platforms(): readonly StreamHubPlatform[];
}

/**
 * What the operator does, for Prometheus: reconciles by controller and
 * outcome, their duration, the keys waiting, and whether this replica leads.
 * Errors climbing or a queue that never drains are what to alert on.
 */
export class OperatorMetrics {
  private readonly reconciles: Counter<'controller' | 'outcome'>;
  private readonly duration: Histogram<'controller'>;

  constructor(private readonly registry: Registry) {
    this.reconciles = new Counter({
      name: 'streamhub_operator_reconciles_total',
      help: 'Reconciles by controller and outcome (success, error: retried with backoff, conflict: a newer object came).',
      labelNames: ['controller', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'streamhub_operator_reconcile_duration_seconds',
      help: 'How long one reconcile took, by controller.',
      labelNames: ['controller'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  }

  /** Reports the controllers' queues and the leadership, read at each scrape. */
  watch(state: OperatorState): void {
    new Gauge({
      name: 'streamhub_operator_queue_depth',
      help: 'Keys waiting to be reconciled, by controller.',
      labelNames: ['controller'],
      registers: [this.registry],
      collect() {
        for (const [controller, depth] of Object.entries(state.queueDepths()))
          this.set({ controller }, depth);
      },
    });
    new Gauge({
      name: 'streamhub_operator_leader',
      help: '1 while this replica holds the Lease and reconciles, 0 while it stands by.',
      registers: [this.registry],
      collect() {
        this.set(state.isLeader() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'streamhub_platform_condition',
      help: 'Status of each StreamHubPlatform condition: 1 on the series of its current status (True, False or Unknown), 0 on the others.',
      labelNames: ['namespace', 'platform', 'type', 'status'],
      registers: [this.registry],
      collect() {
        // A deleted platform (or a condition no longer written) drops out instead of keeping its last value.
        this.reset();
        for (const sample of conditionSamples(state.platforms())) this.set(sample.labels, sample.value);
      },
    });
  }

  observe(controller: string, outcome: ReconcileOutcome, seconds: number): void {
    this.reconciles.inc({ controller, outcome });
    this.duration.observe({ controller }, seconds);
  }
}
