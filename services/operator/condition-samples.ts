import type { StreamHubPlatform } from './api/v1alpha1/types';

/** The three statuses a Kubernetes condition can have; each gets its own series. */
export const CONDITION_STATUSES = ['True', 'False', 'Unknown'] as const;

export interface ConditionSample {
  labels: { namespace: string; platform: string; type: string; status: string };
  value: 0 | 1;
}

/**
 * One sample per platform, condition type and possible status, 1 for the
 * status the condition has and 0 for the others — kube-state-metrics'
 * `kube_*_status_condition` form, so `== 1` on `status="True"` is true
 * exactly while the condition is, and an alert can say which status it has.
 */
export function conditionSamples(platforms: readonly StreamHubPlatform[]): ConditionSample[] {
  return platforms.flatMap((platform) =>
    (platform.status?.conditions ?? []).flatMap((condition) =>
      CONDITION_STATUSES.map((status) => ({
        labels: {
          namespace: platform.metadata.namespace,
          platform: platform.metadata.name,
          type: condition.type,
          status,
        },
        value: condition.status === status ? 1 : 0,
      })),
    ),
  );
}
