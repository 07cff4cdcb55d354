import { setTimeout as sleep } from 'node:timers/promises';
import { V1MicroTime, type CoordinationV1Api, type V1Lease } from '@kubernetes/client-node';
import type { Logger } from '../../internal/logger';
import { isConflict, isNotFound } from './kube-errors';

export interface LeaderElectionOptions {
  coordination: CoordinationV1Api;
  namespace: string;
  leaseName: string;
  /** This replica's name in the Lease (the pod name). */
  identity: string;
  /** How long a lease holds without renewal; a standby takes over after it. */
  leaseDurationSeconds: number;
  /** The leader gives up if it could not renew for this long (shorter than the lease). */
  renewDeadlineMs: number;
  /** How often to try to acquire or renew. */
  retryPeriodMs: number;
  onStartedLeading: () => void;
  onStoppedLeading: () => void;
  logger: Logger;
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, like client-go's
 * leaderelection: every retry period the candidate reads the Lease and
 * either renews it (it holds it), takes it (free, or not renewed for the
 * lease duration as measured on this replica's own clock, so clock skew
 * between replicas does not matter) or waits. Writes carry the
 * resourceVersion just read, so of two candidates racing only one wins.
 */
export class LeaderElector {
  private leading = false;
  private running = false;
  private loop: Promise<void> | undefined;
  private lastRenewAt = 0;
  private observed: { resourceVersion: string; at: number } | undefined;
  private readonly abort = new AbortController();

  constructor(private readonly options: LeaderElectionOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Stops campaigning; a leader releases the Lease so a standby takes over
   * at once (`releaseLease: false` leaves it to expire, as a crash would).
   */
  async stop(options: { releaseLease?: boolean } = {}): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.abort.abort();
    await this.loop;
    if (this.leading) {
      this.loseLeadership('shutting down');
      if (options.releaseLease === false) return;
      await this.release().catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'could not release the lease; it expires by itself'),
      );
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let acquired = false;
      try {
        acquired = await this.tryAcquireOrRenew();
      } catch (error) {
        this.options.logger.warn({ err: error, lease: this.options.leaseName }, 'lease update failed');
      }
      if (!this.running) return;
      if (acquired) {
        this.lastRenewAt = Date.now();
        if (!this.leading) {
          this.leading = true;
          this.options.logger.info({ identity: this.options.identity }, 'became leader');
          this.options.onStartedLeading();
        }
      } else if (this.leading && Date.now() - this.lastRenewAt > this.options.renewDeadlineMs) {
        this.loseLeadership('could not renew the lease in time');
      }
      try {
        await sleep(this.options.retryPeriodMs, undefined, { signal: this.abort.signal });
      } catch {
        return;
      }
    }
  }

  private loseLeadership(why: string): void {
    this.leading = false;
    this.options.logger.warn({ identity: this.options.identity, why }, 'lost leadership');
    this.options.onStoppedLeading();
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { coordination, namespace, leaseName: name, identity } = this.options;
    const now = new Date();
    let lease: V1Lease;
    try {
      lease = await coordination.readNamespacedLease({ name, namespace });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      try {
        await coordination.createNamespacedLease({
          namespace,
          body: {
            metadata: { name, namespace },
            spec: this.heldSpec(now, now, 0),
          },
        });
        return true;
      } catch (createError) {
        if (isConflict(createError)) return false;
        throw createError;
      }
    }

    const spec = lease.spec ?? {};
    const resourceVersion = lease.metadata?.resourceVersion ?? '';
    if (this.observed?.resourceVersion !== resourceVersion)
      this.observed = { resourceVersion, at: Date.now() };
    const holder = spec.holderIdentity ?? '';
    const durationMs = (spec.leaseDurationSeconds ?? this.options.leaseDurationSeconds) * 1000;
    const heldByOther = holder !== '' && holder !== identity;
    if (heldByOther && Date.now() - this.observed.at < durationMs) return false;

    const transitions = (spec.leaseTransitions ?? 0) + (holder === identity ? 0 : 1);
    const acquiredAt = holder === identity && spec.acquireTime ? new Date(spec.acquireTime) : now;
    try {
      await coordination.replaceNamespacedLease({
        name,
        namespace,
        body: {
          metadata: { name, namespace, resourceVersion },
          spec: this.heldSpec(acquiredAt, now, transitions),
        },
      });
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  private heldSpec(acquireTime: Date, renewTime: Date, leaseTransitions: number): V1Lease['spec'] {
    return {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: this.options.leaseDurationSeconds,
      acquireTime: microTime(acquireTime),
      renewTime: microTime(renewTime),
      leaseTransitions,
    };
  }

  private async release(): Promise<void> {
    const { coordination, namespace, leaseName: name, identity } = this.options;
    const lease = await coordination.readNamespacedLease({ name, namespace });
    if (lease.spec?.holderIdentity !== identity) return;
    await coordination.replaceNamespacedLease({
      name,
      namespace,
      body: {
        metadata: { name, namespace, resourceVersion: lease.metadata?.resourceVersion },
        // As client-go does: an empty holder with a one-second lease is free for the next candidate.
        spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1 },
      },
    });
  }
}

// The Lease's times are MicroTime (six fractional digits), not plain RFC 3339.
function microTime(date: Date): V1MicroTime {
  return new V1MicroTime(date.getTime());
}
