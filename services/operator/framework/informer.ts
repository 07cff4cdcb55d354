import {
  makeInformer,
  type Informer,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  type ObjectCache,
} from '@kubernetes/client-node';
import type { Logger } from '../../internal/logger';
import { backoffDelay, type BackoffPolicy } from '../../internal/backoff';

export interface ResourceInformerOptions<T extends KubernetesObject> {
  kubeConfig: KubeConfig;
  /** The watch path, e.g. /apis/streamhub.io/v1alpha1/namespaces/streamhub/plans. */
  path: string;
  list: () => Promise<KubernetesListObject<T>>;
  /** Called on every add, update and delete: the handler only enqueues a key. */
  onChange: (object: T) => void;
  logger: Logger;
  backoff?: BackoffPolicy;
}

const RESTART_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 10_000 };

/**
 * A client-node informer (list, then watch, keeping a cache) that never
 * gives up: client-node stops an informer on a list or watch error, so this
 * restarts it with backoff, forever, until `stop`. `synced` is true while
 * the cache reflects a successful list and a live watch.
 */
export class ResourceInformer<T extends KubernetesObject> {
  private readonly informer: Informer<T> & ObjectCache<T>;
  private stopped = true;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private syncedAttempt = -1;

  constructor(private readonly options: ResourceInformerOptions<T>) {
    this.informer = makeInformer(options.kubeConfig, options.path, options.list);
    for (const verb of ['add', 'update', 'delete'] as const) this.informer.on(verb, options.onChange);
    this.informer.on('error', (error: unknown) => this.restartAfterError(error));
  }

  get synced(): boolean {
    return !this.stopped && this.syncedAttempt === this.attempt;
  }

  get cache(): ObjectCache<T> {
    return this.informer;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.informer.stop();
  }

  private async connect(): Promise<void> {
    const attempt = ++this.attempt;
    try {
      await this.informer.start();
    } catch (error) {
      this.restartAfterError(error);
      return;
    }
    // start() also resolves after a failed list (the error callback ran and
    // moved on to a new attempt): only an attempt still current is synced.
    if (attempt === this.attempt && !this.stopped) {
      this.syncedAttempt = attempt;
      if (this.failures > 0) this.options.logger.info({ path: this.options.path }, 'watch re-established');
      this.failures = 0;
    }
  }

  private restartAfterError(error: unknown): void {
    this.attempt++;
    if (this.stopped) return;
    this.failures++;
    const delayMs = backoffDelay(this.failures, this.options.backoff ?? RESTART_BACKOFF);
    this.options.logger.warn(
      { err: error, path: this.options.path, retryInMs: delayMs },
      'watch failed; restarting it',
    );
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.connect(), delayMs);
    this.restartTimer.unref();
  }
}
