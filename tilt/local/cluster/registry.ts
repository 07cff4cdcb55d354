// The cluster's image registry: distribution's `registry` (what the
// registry:3 image runs), built from the Go module proxy and run as a process
// of the node on 127.0.0.1:25000, its blobs under .streamhub/cluster/registry.
// Tilt pushes the images it builds there; containerd, on the same host, pulls
// them as localhost:25000/... over plain HTTP (containerd-config.ts). The
// cluster tells Tilt where it is the way kind recipes and ctlptl do: the
// kube-public/local-registry-hosting ConfigMap (KEP-1755).
import fs from 'node:fs';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ensureGoBinary } from '../install/go-binary';
import { VERSIONS } from '../versions';
import { expectOk } from './health';
import { CLUSTER_PORTS, type ClusterLayout } from './layout';
import type { ClusterProcess } from './processes';

// The name images have in Tilt's pushes and in pods' image fields.
export const REGISTRY_HOST = `localhost:${CLUSTER_PORTS.registry}`;
const REGISTRY_URL = `http://127.0.0.1:${CLUSTER_PORTS.registry}`;

export function ensureRegistry(signal?: AbortSignal): Promise<string> {
  return ensureGoBinary(
    {
      name: 'registry',
      binary: 'registry',
      version: VERSIONS.registry.version,
      module: VERSIONS.registry.module,
      expected: 'about 1-2 min, 30 MB',
      preferPath: false,
    },
    signal,
  );
}

// distribution's configuration format (version 0.1). Deletion is on so that
// `registry garbage-collect` can reclaim what Tilt's old tags held.
export function writeRegistryConfig(layout: ClusterLayout): void {
  fs.mkdirSync(layout.registry.storage, { recursive: true });
  fs.writeFileSync(
    layout.registry.config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${JSON.stringify(layout.registry.storage)}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${CLUSTER_PORTS.registry}`,
      '',
    ].join('\n'),
  );
}

export function registryProcess(layout: ClusterLayout, binary: string): ClusterProcess {
  return {
    name: 'registry',
    command: binary,
    args: ['serve', layout.registry.config],
    // The API's base endpoint answers 200 once the registry serves.
    ready: () => expectOk(`${REGISTRY_URL}/v2/`),
    readyTimeoutMs: 30_000,
  };
}

const HOSTING_NAMESPACE = 'kube-public';
const HOSTING_NAME = 'local-registry-hosting';

// KEP-1755: tools (Tilt among them) read where to push from this ConfigMap.
// The host and the container runtime see the registry at the same address.
export async function publishLocalRegistryHosting(adminKubeconfig: string): Promise<void> {
  const config = new KubeConfig();
  config.loadFromFile(adminKubeconfig);
  const core = config.makeApiClient(CoreV1Api);
  const body = {
    metadata: { name: HOSTING_NAME, namespace: HOSTING_NAMESPACE },
    data: {
      'localRegistryHosting.v1': [
        `host: "${REGISTRY_HOST}"`,
        `hostFromContainerRuntime: "${REGISTRY_HOST}"`,
        '',
      ].join('\n'),
    },
  };
  try {
    await core.replaceNamespacedConfigMap({ name: HOSTING_NAME, namespace: HOSTING_NAMESPACE, body });
  } catch (error) {
    if ((error as { code?: number }).code !== 404) throw error;
    await core.createNamespacedConfigMap({ namespace: HOSTING_NAMESPACE, body });
  }
}
