import { randomBytes } from 'node:crypto';
import {
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Api,
  type CoreV1Event,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { Logger } from '../../internal/logger';

export type EventType = 'Normal' | 'Warning';

const COMPONENT = 'streamhub-operator';
// A repeat of the same event within this window bumps its count instead of
// creating another object (a failing reconcile retries often).
const AGGREGATION_WINDOW_MS = 10 * 60_000;

/**
 * Records Kubernetes Events (core/v1, what `kubectl describe` shows) about
 * the operator's objects. Recording is best effort: a failed event is
 * logged, never fails a reconcile.
 */
export class EventRecorder {
  private readonly recent = new Map<string, { name: string; count: number; at: number }>();

  constructor(private readonly options: { core: CoreV1Api; identity: string; logger: Logger }) {}

  async record(object: KubernetesObject, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = object.metadata?.namespace ?? 'default';
    const key = `${object.metadata?.uid}/${type}/${reason}/${message}`;
    const now = new Date();
    try {
      const previous = this.recent.get(key);
      if (previous && now.getTime() - previous.at < AGGREGATION_WINDOW_MS) {
        previous.count++;
        previous.at = now.getTime();
        await this.options.core.patchNamespacedEvent(
          { name: previous.name, namespace, body: { count: previous.count, lastTimestamp: now } },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        );
        return;
      }
      const name = `${object.metadata?.name}.${randomBytes(8).toString('hex')}`;
      const body: CoreV1Event = {
        metadata: { name, namespace },
        involvedObject: {
          apiVersion: object.apiVersion,
          kind: object.kind,
          name: object.metadata?.name,
          namespace,
          uid: object.metadata?.uid,
          resourceVersion: object.metadata?.resourceVersion,
        },
        type,
        reason,
        message,
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
        source: { component: COMPONENT },
        reportingComponent: COMPONENT,
        reportingInstance: this.options.identity,
      };
      await this.options.core.createNamespacedEvent({ namespace, body });
      this.recent.set(key, { name, count: 1, at: now.getTime() });
      this.forgetOld(now.getTime());
    } catch (error) {
      this.recent.delete(key);
      this.options.logger.warn({ err: error, reason }, 'could not record a Kubernetes event');
    }
  }

  private forgetOld(now: number): void {
    for (const [key, entry] of this.recent)
      if (now - entry.at > AGGREGATION_WINDOW_MS) this.recent.delete(key);
  }
}
