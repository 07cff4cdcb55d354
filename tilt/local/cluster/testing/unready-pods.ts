import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';

// When a release does not become Ready, helm's own error names only the
// timeout. This says which pods were not Ready, what their containers were
// doing, and the end of their logs, so a failed CI run shows the cause.

const LOG_LINES = 40;

/** Ready and not on its way out (a terminating pod may still report Ready). */
export const isReady = (pod: V1Pod) =>
  pod.metadata?.deletionTimestamp === undefined &&
  pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ===
    true;

function containerStates(pod: V1Pod): string {
  return (pod.status?.containerStatuses ?? [])
    .map((status) => {
      const states = Object.entries(status.state ?? {}) as [string, { reason?: string; message?: string }][];
      const [state, detail] = states[0] ?? ['unknown', {}];
      const { reason = '', message = '' } = detail;
      return `${status.name}: ${state}${reason ? ` (${reason}${message ? `: ${message}` : ''})` : ''}, restarts ${status.restartCount}`;
    })
    .join('; ');
}

/** Conditions that are not True (a Pending pod's reason is in PodScheduled's message). */
function falseConditions(pod: V1Pod): string {
  return (pod.status?.conditions ?? [])
    .filter((condition) => condition.status !== 'True')
    .map(
      (condition) =>
        `${condition.type}=${condition.status}${condition.message ? ` (${condition.message})` : ''}`,
    )
    .join('; ');
}

/** A report of the namespace's pods that are not Ready (or "every pod is Ready"). */
export async function describeUnreadyPods(core: CoreV1Api, namespace: string): Promise<string> {
  const pods = (await core.listNamespacedPod({ namespace })).items.filter(
    (pod) => pod.status?.phase !== 'Succeeded' && !isReady(pod),
  );
  if (pods.length === 0) return 'every pod is Ready';
  const reports = await Promise.all(
    pods.map(async (pod) => {
      const name = pod.metadata!.name!;
      const log = await core
        .readNamespacedPodLog({ namespace, name, tailLines: LOG_LINES })
        .catch((error: Error) => `(no log: ${error.message})`);
      const state = [containerStates(pod), falseConditions(pod)].filter(Boolean).join('; ');
      return `pod ${name} (${pod.status?.phase}): ${state}\n${String(log).trimEnd()}`;
    }),
  );
  return reports.join('\n\n');
}
