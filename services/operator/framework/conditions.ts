import type { Condition } from '../api/v1alpha1/types';

export type ConditionStatus = Condition['status'];

/** A condition as a reconciler computes it; the timestamp is filled in by `mergeConditions`. */
export interface ConditionUpdate {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
}

/**
 * The new condition list: every update replaces the condition of its type,
 * conditions not updated are kept. lastTransitionTime changes only when a
 * condition's status changes, so it tells when the system last flipped, not
 * when the operator last looked.
 */
export function mergeConditions(
  current: readonly Condition[] | undefined,
  updates: readonly ConditionUpdate[],
  options: { now: Date; observedGeneration: number },
): Condition[] {
  const byType = new Map((current ?? []).map((condition) => [condition.type, condition]));
  for (const update of updates) {
    const previous = byType.get(update.type);
    byType.set(update.type, {
      ...update,
      observedGeneration: options.observedGeneration,
      lastTransitionTime:
        previous && previous.status === update.status
          ? previous.lastTransitionTime
          : options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
  }
  return [...byType.values()];
}

/**
 * Ready summarises the other conditions: True when all are True, else False
 * naming the first that is not, with `notReadyReason`.
 */
export function readyCondition(
  parts: readonly ConditionUpdate[],
  reasons: { ready: string; notReady: string; readyMessage: string },
): ConditionUpdate {
  const failing = parts.filter((part) => part.status !== 'True');
  if (failing.length === 0)
    return { type: 'Ready', status: 'True', reason: reasons.ready, message: reasons.readyMessage };
  return {
    type: 'Ready',
    status: 'False',
    reason: reasons.notReady,
    message: failing.map((part) => `${part.type}: ${part.message}`).join('; '),
  };
}

export function findCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((condition) => condition.type === type);
}
