import type { ActivityProvider } from '../internal/modules/activity-provider';

/**
 * One activity map for the worker. Temporal finds activities by name alone,
 * so two services offering the same name would silently shadow each other:
 * that is refused at start-up instead.
 */
export function mergeActivities(
  provided: Array<{ provider: Pick<ActivityProvider, 'service'>; activities: object }>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  const owners = new Map<string, string>();
  for (const { provider, activities } of provided) {
    for (const [name, activity] of Object.entries(activities)) {
      const owner = owners.get(name);
      if (owner) throw new Error(`activity ${name} is provided by both ${owner} and ${provider.service}`);
      if (typeof activity !== 'function')
        throw new Error(`activity ${name} of ${provider.service} is not a function`);
      owners.set(name, provider.service);
      merged[name] = activity;
    }
  }
  return merged;
}
