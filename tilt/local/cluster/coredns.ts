// Cluster DNS: CoreDNS as a process of the node (no image needed), answering
// on the bridge address 10.244.0.1:53, which every pod reaches and which the
// kubelet writes into pods' resolv.conf (clusterDNS). Service names resolve
// through its kubernetes plugin (the chart's targets call each other and the
// operator calls billing by Service name); anything else goes to the host's
// resolvers. Built once from the Go module proxy.
import fs from 'node:fs';
import path from 'node:path';
import { ensureGoBinary } from '../install/go-binary';
import { VERSIONS } from '../versions';
import { BRIDGE_ADDRESS } from './bridge';
import { CLUSTER_PORTS, type ClusterLayout } from './layout';

export const CLUSTER_DOMAIN = 'cluster.local';

export function ensureCoredns(signal?: AbortSignal): Promise<string> {
  return ensureGoBinary(
    {
      name: 'coredns',
      binary: 'coredns',
      version: VERSIONS.coredns.version,
      module: VERSIONS.coredns.module,
      expected: 'about 3-5 min, 80 MB',
      preferPath: false,
    },
    signal,
  );
}

export function corefilePath(layout: ClusterLayout): string {
  return path.join(layout.root, 'coredns', 'Corefile');
}

// The kubeadm Corefile, bound to the bridge address; the admin kubeconfig
// (this is root's own development cluster) lets it watch Services.
export function writeCorefile(layout: ClusterLayout): string {
  const file = corefilePath(layout);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    [
      '.:53 {',
      `    bind ${BRIDGE_ADDRESS}`,
      '    errors',
      `    health 127.0.0.1:${CLUSTER_PORTS.corednsHealth}`,
      `    ready 127.0.0.1:${CLUSTER_PORTS.corednsReady}`,
      `    kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {`,
      `        kubeconfig ${layout.adminKubeconfig}`,
      '        pods insecure',
      '        fallthrough in-addr.arpa ip6.arpa',
      '    }',
      '    forward . /etc/resolv.conf',
      '    cache 30',
      '    loop',
      '}',
      '',
    ].join('\n'),
  );
  return file;
}
