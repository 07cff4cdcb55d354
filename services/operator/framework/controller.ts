import type { KubeConfig, KubernetesObject, ObjectCache } from '@kubernetes/client-node';
import type { Logger } from '../../internal/logger';
import type { BackoffPolicy } from '../../internal/backoff';
import type { CustomResources } from './custom-resources';
import { ResourceInformer } from './informer';
import { isConflict } from './kube-errors';
import { WorkQueue } from './work-queue';

const CONFLICT_REQUEUE_MS = 200;

type NamedObject = KubernetesObject & { metadata: { name: string; namespace: string } };

export interface ReconcileRequest<T> {
  namespace: string;
  name: string;
  /** The informer's copy; undefined once the object is gone. */
  object: T | undefined;
  /** Every object of this kind the informer knows, for decisions across objects. */
  cache: ObjectCache<T>;
}

/** How one reconcile ended: done, failed (retried with backoff), or raced a newer object. */
export type ReconcileOutcome = 'success' | 'error' | 'conflict';
export type ReconcileObserver = (controller: string, outcome: ReconcileOutcome, seconds: number) => void;

export interface ControllerOptions<T extends NamedObject> {
  name: string;
  kubeConfig: KubeConfig;
  resources: CustomResources<T>;
  reconcile: (request: ReconcileRequest<T>) => Promise<void>;
  /** Every key is reconciled again this often, which repairs drift in the external systems. */
  resyncMs: number;
  logger: Logger;
  backoff?: BackoffPolicy;
  /** Other keys an object's change concerns (e.g. every Plan claiming default). */
  relatedKeys?: (object: T, cache: ObjectCache<T>) => string[];
  /** Told of every reconcile (the operator's metrics). */
  observe?: ReconcileObserver;
}

export const keyOf = (object: NamedObject): string => `${object.metadata.namespace}/${object.metadata.name}`;

function parseKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/**
 * One kind's control loop: the informer's events only enqueue
 * `namespace/name` keys; the queue hands each key to `reconcile`, which
 * reads the informer's cache. The informer runs on every replica (a warm
 * standby, and readiness means "cache synced"); the queue processes keys
 * only while this replica leads.
 */
export class Controller<T extends NamedObject> {
  private readonly informer: ResourceInformer<T>;
  private readonly queue: WorkQueue;
  private resyncTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ControllerOptions<T>) {
    const logger = options.logger.child({ controller: options.name });
    this.queue = new WorkQueue({
      logger,
      backoff: options.backoff,
      process: (key) => this.process(key),
    });
    this.informer = new ResourceInformer<T>({
      kubeConfig: options.kubeConfig,
      path: options.resources.watchPath,
      list: () => options.resources.list(),
      logger,
      onChange: (object) => this.enqueueWithRelated(object),
    });
  }

  get synced(): boolean {
    return this.informer.synced;
  }

  get name(): string {
    return this.options.name;
  }

  /** The objects the informer holds now (with the status last written), for metrics read at scrape time. */
  objects(): readonly T[] {
    return this.informer.cache.list(this.options.resources.namespace);
  }

  /** Keys waiting to be reconciled. */
  get queueDepth(): number {
    return this.queue.length;
  }

  async start(): Promise<void> {
    await this.informer.start();
    this.resyncTimer = setInterval(() => this.enqueueAll(), this.options.resyncMs);
    this.resyncTimer.unref();
  }

  /** Starts processing keys (this replica became leader): everything known is reconciled once. */
  lead(): void {
    this.enqueueAll();
    this.queue.resume();
  }

  /** Stops processing keys (leadership lost); the cache keeps following the API server. */
  async follow(): Promise<void> {
    this.queue.pause();
    await this.queue.whenIdle();
  }

  async stop(): Promise<void> {
    clearInterval(this.resyncTimer);
    await this.queue.shutdown();
    await this.informer.stop();
  }

  private enqueueAll(): void {
    for (const object of this.informer.cache.list(this.options.resources.namespace))
      this.queue.add(keyOf(object));
  }

  private enqueueWithRelated(object: T): void {
    this.queue.add(keyOf(object));
    for (const key of this.options.relatedKeys?.(object, this.informer.cache) ?? []) this.queue.add(key);
  }

  private async process(key: string): Promise<void> {
    const { namespace, name } = parseKey(key);
    const object = this.informer.cache.get(name, namespace);
    const started = performance.now();
    const observe = (outcome: ReconcileOutcome) =>
      this.options.observe?.(this.options.name, outcome, (performance.now() - started) / 1000);
    try {
      await this.options.reconcile({ namespace, name, object, cache: this.informer.cache });
    } catch (error) {
      // The cached copy was older than the object: not a failure, the
      // informer is about to deliver the newer one. Look again shortly.
      if (!isConflict(error)) {
        observe('error');
        throw error;
      }
      observe('conflict');
      this.queue.addAfter(key, CONFLICT_REQUEUE_MS);
      return;
    }
    observe('success');
    if (!object) this.queue.forget(key);
  }
}
