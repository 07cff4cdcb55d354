// `helm uninstall` deletes every object of a release at once: the
// StreamHubPlatform and the Plans together with the operator and billing
// Deployments. Their finalizers (retire the Plan in billing, let go of the
// platform while keeping its data) need both still running, so the
// resources were left Terminating, seen on the local cluster (issue 13).
// The chart's pre-delete hook runs this first: it deletes the release's
// custom resources while the operator and billing run, and waits until the
// operator has finalized every one.
import { parseArgs } from 'node:util';
import {
  CustomObjectsApi,
  type KubernetesListObject,
  type KubernetesObject,
  type V1PolicyRule,
} from '@kubernetes/client-node';
import { GROUP, PLAN_KIND, PLATFORM_KIND, VERSION } from './api/v1alpha1/types';
import { isNotFound } from './framework/kube-errors';
import { loadKubeConfig } from './kube-config';

/** The hook's Role: the chart's release-cleanup Role mirrors it (a chart test compares). */
export const RELEASE_CLEANUP_RBAC_RULES: V1PolicyRule[] = [
  { apiGroups: ['streamhub.io'], resources: ['streamhubplatforms', 'plans'], verbs: ['list', 'delete'] },
];

export interface ReleaseCleanupOptions {
  api: CustomObjectsApi;
  namespace: string;
  /** Label selector of the release's objects, e.g. app.kubernetes.io/instance=streamhub. */
  selector: string;
  timeoutMs: number;
  pollMs?: number;
  log?: (line: string) => void;
}

/** Names (`plural/name`) still present when the time ran out; empty when every one was finalized. */
export async function deleteReleaseResources(options: ReleaseCleanupOptions): Promise<string[]> {
  const { api, namespace, selector, log = () => undefined } = options;
  const list = async (plural: string) =>
    (
      (await api.listNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace,
        plural,
        labelSelector: selector,
      })) as KubernetesListObject<KubernetesObject>
    ).items.map((item) => item.metadata!.name!);
  const remaining = async () => {
    const names: string[] = [];
    for (const { plural } of [PLATFORM_KIND, PLAN_KIND])
      names.push(...(await list(plural)).map((name) => `${plural}/${name}`));
    return names;
  };

  for (const { plural } of [PLAN_KIND, PLATFORM_KIND]) {
    for (const name of await list(plural)) {
      log(`deleting ${plural}/${name}`);
      await api
        .deleteNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural, name })
        .catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
    }
  }
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const left = await remaining();
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
  }
}

/** `node dist/services/main.js release-cleanup --namespace N --selector S [--timeout-seconds T]` */
export async function runReleaseCleanup(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      namespace: { type: 'string' },
      selector: { type: 'string' },
      'timeout-seconds': { type: 'string', default: '300' },
    },
  });
  const timeoutSeconds = Number(values['timeout-seconds']);
  if (!values.namespace || !values.selector || !(timeoutSeconds > 0)) {
    console.error(
      'usage: release-cleanup --namespace <ns> --selector <label selector> [--timeout-seconds <s>]',
    );
    return 2;
  }
  const api = loadKubeConfig({}).makeApiClient(CustomObjectsApi);
  const left = await deleteReleaseResources({
    api,
    namespace: values.namespace,
    selector: values.selector,
    timeoutMs: timeoutSeconds * 1000,
    log: (line) => console.log(line),
  });
  if (left.length === 0) {
    console.log('every StreamHubPlatform and Plan of the release is finalized');
    return 0;
  }
  // Failing stops the uninstall: the operator (or billing) is not finalizing.
  console.error(
    `still present after ${timeoutSeconds} s (is the operator running and billing reachable?): ${left.join(', ')}`,
  );
  return 1;
}
