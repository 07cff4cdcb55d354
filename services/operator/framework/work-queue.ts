import type { Logger } from '../../internal/logger';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../internal/backoff';

export interface WorkQueueOptions {
  /** Reconciles one key; a throw retries the key with exponential backoff. */
  process: (key: string) => Promise<void>;
  logger: Logger;
  backoff?: BackoffPolicy;
  /** Keys processed at once (never the same key twice at once). */
  concurrency?: number;
}

/**
 * The queue between informers and reconcilers, in the manner of client-go's
 * workqueue: a key waiting is stored once however often it is added; a key
 * being processed is never processed concurrently, and an add during
 * processing runs it once more afterwards (the object changed while we
 * looked at an older copy); failures are retried with capped exponential
 * backoff. A paused queue keeps collecting keys but processes none (a
 * standby replica that is not the leader).
 */
export class WorkQueue {
  private readonly waiting = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly addedWhileProcessing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly delayed = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly idleWaiters = new Set<() => void>();
  private paused = true;
  private shutDown = false;

  constructor(private readonly options: WorkQueueOptions) {}

  add(key: string): void {
    if (this.shutDown) return;
    if (this.processing.has(key)) this.addedWhileProcessing.add(key);
    else this.waiting.add(key);
    this.pump();
  }

  /** Adds the key after `delayMs`; an earlier pending delayed add wins over a later one. */
  addAfter(key: string, delayMs: number): void {
    if (this.shutDown) return;
    if (delayMs <= 0) return this.add(key);
    const at = Date.now() + delayMs;
    const pending = this.delayed.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.delayed.set(key, { at, timer });
  }

  /** How many times in a row the key has failed (0 after a success). */
  failureCount(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Forgets the key's failures, e.g. once its object is gone. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  /** Stops taking keys; those in progress finish. */
  pause(): void {
    this.paused = true;
  }

  /** Stops for good: drops waiting and delayed keys, resolves once nothing is in progress. */
  async shutdown(): Promise<void> {
    this.shutDown = true;
    this.paused = true;
    this.waiting.clear();
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    await this.whenIdle();
  }

  /** Resolves once no key is being processed. */
  whenIdle(): Promise<void> {
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  get length(): number {
    return this.waiting.size;
  }

  private pump(): void {
    const concurrency = this.options.concurrency ?? 2;
    while (!this.paused && this.processing.size < concurrency && this.waiting.size > 0) {
      const key = this.waiting.values().next().value as string;
      this.waiting.delete(key);
      this.processing.add(key);
      void this.run(key);
    }
  }

  private async run(key: string): Promise<void> {
    try {
      await this.options.process(key);
      this.failures.delete(key);
    } catch (error) {
      const failures = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, failures);
      const delayMs = backoffDelay(failures, this.options.backoff ?? DEFAULT_BACKOFF);
      this.options.logger.warn({ err: error, key, failures, retryInMs: delayMs }, 'reconcile failed');
      this.addAfter(key, delayMs);
    } finally {
      this.processing.delete(key);
      if (this.addedWhileProcessing.delete(key)) this.add(key);
      if (this.processing.size === 0) {
        for (const resolve of this.idleWaiters) resolve();
        this.idleWaiters.clear();
      }
      this.pump();
    }
  }
}
