import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Logger } from './logger';

// CLUSTER_WORKERS > 1 (what `npm start` sets to the core count): the process
// becomes a small supervisor that forks that many copies of itself, each
// running the same targets, like the chart's all-in-one replicas. node:cluster
// shares the HTTP and gRPC ports between them. Every module is already safe
// in several copies, because Kubernetes runs several replicas: consumer
// groups split Kafka partitions, Temporal task queues split tasks, outbox
// relays lock rows with SKIP LOCKED, workflow ids make the stalled-upload
// sweep idempotent. See docs/decisions.md, "Process model".

const METRICS_REQUEST = 'streamhub:cluster-metrics-request';
const METRICS_RESPONSE = 'streamhub:cluster-metrics-response';
const METRICS_TIMEOUT_MS = 6_000;
const WORKER_STARTED = 'streamhub:cluster-worker-started';
const EVERY_WORKER_STARTED = 'streamhub:cluster-every-worker-started';

interface MetricsRequest {
  type: typeof METRICS_REQUEST;
  id: number;
}

interface MetricsResponse {
  type: typeof METRICS_RESPONSE;
  id: number;
  text?: string;
  error?: string;
}

const isMessage = <T extends { type: string }>(message: unknown, type: T['type']): message is T =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;

export const isClusterWorker = (): boolean => cluster.isWorker;

/**
 * The primary: forks the workers, answers their requests for the metrics of
 * the whole cluster, and stops them all on SIGTERM/SIGINT. A worker that dies
 * unasked takes the others down and the primary exits 1, as a single process
 * would: `npm start` and Kubernetes see the failure instead of a cluster
 * quietly running short.
 */
export function superviseCluster(options: { workers: number; logger: Logger }): void {
  const { logger } = options;
  const aggregator = new AggregatorRegistry();
  let stopping = false;
  let failed = false;

  const startedWorkers = new Set<number>();
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (isMessage(message, WORKER_STARTED)) {
      startedWorkers.add(worker.id);
      if (startedWorkers.size < options.workers) return;
      logger.info({ workers: options.workers }, 'every cluster worker started');
      for (const each of Object.values(cluster.workers ?? {}))
        if (each?.isConnected()) each.send({ type: EVERY_WORKER_STARTED });
      return;
    }
    if (!isMessage<MetricsRequest>(message, METRICS_REQUEST)) return;
    const reply = (answer: Omit<MetricsResponse, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: METRICS_RESPONSE, id: message.id, ...answer });
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    );
  });

  const stopAll = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping cluster workers');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };

  cluster.on('exit', (worker, code, signal) => {
    // Asked to stop: exit code 0, or killed by our SIGTERM before its handler was installed (still starting).
    const stoppedAsAsked = stopping && (code === 0 || signal === 'SIGTERM');
    if (!stoppedAsAsked) {
      logger.error(
        { worker: worker.id, workerPid: worker.process.pid, code, signal },
        'cluster worker exited',
      );
      failed = true;
    }
    stopAll(`worker ${worker.id} exited`);
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
  });

  process.on('SIGTERM', () => stopAll('SIGTERM'));
  process.on('SIGINT', () => stopAll('SIGINT'));

  for (let index = 0; index < options.workers; index += 1) cluster.fork();
  logger.info({ workers: options.workers }, 'cluster primary forked workers');
}

/** A worker says its modules have started (nothing in a single process). */
export function reportWorkerStarted(): void {
  if (cluster.isWorker) process.send?.({ type: WORKER_STARTED });
}

/**
 * The readiness check of a cluster worker: ready once every worker of the
 * cluster has started. The primary hands new connections only to workers
 * that listen, and kept-alive clients stay where they landed: a process
 * ready with one worker while the other still started put a benchmark's
 * whole load, and a Service's first clients, on one core.
 */
export function everyWorkerStartedCheck(): () => Promise<boolean> {
  let everyWorkerStarted = false;
  process.on('message', (message: unknown) => {
    if (isMessage(message, EVERY_WORKER_STARTED)) everyWorkerStarted = true;
  });
  return async () => everyWorkerStarted;
}

/**
 * A cluster worker's registry: it reports its own metrics when the primary
 * aggregates, and its /metrics answers with the aggregate of every worker
 * (counters and histograms summed, prom-client's rules for the process
 * metrics), so a scrape does not see one worker's share as the whole.
 */
export class ClusterWorkerRegistry extends AggregatorRegistry<'text/plain; version=0.0.4; charset=utf-8'> {
  private nextId = 0;
  private readonly pending = new Map<number, (response: MetricsResponse) => void>();

  constructor() {
    super();
    AggregatorRegistry.setRegistries(this);
    process.on('message', (message: unknown) => {
      if (isMessage<MetricsResponse>(message, METRICS_RESPONSE)) this.pending.get(message.id)?.(message);
    });
  }

  override metrics(): Promise<string> {
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => settle({ type: METRICS_RESPONSE, id, error: 'timed out' }),
        METRICS_TIMEOUT_MS,
      );
      const settle = (response: MetricsResponse) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (response.text !== undefined) resolve(response.text);
        else reject(new Error(`cluster metrics: ${response.error ?? 'no answer'}`));
      };
      this.pending.set(id, settle);
      process.send?.({ type: METRICS_REQUEST, id } satisfies MetricsRequest);
    });
  }
}
