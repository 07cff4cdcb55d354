// The kubelet's KubeletConfiguration. Choices forced by this machine: the
// cgroupfs driver (cgroup v1, no systemd), no swap check, and eviction and
// image garbage collection thresholds that a nearly full development disk
// does not trip: the default (evict below 15 % free image disk) would taint
// the node, and garbage collection would delete images that cannot be pulled
// back. No static pods. Cluster DNS is CoreDNS on the bridge address (coredns.ts).
import fs from 'node:fs';
import { BRIDGE_ADDRESS } from './bridge';
import { CLUSTER_DOMAIN } from './coredns';
import { CLUSTER_PORTS, type ClusterLayout, type NodeIdentity } from './layout';
import type { ClusterPki } from './pki';

export function writeKubeletConfig(layout: ClusterLayout, pki: ClusterPki, node: NodeIdentity): void {
  fs.mkdirSync(layout.kubelet.rootDir, { recursive: true });
  fs.mkdirSync(layout.kubelet.podLogs, { recursive: true });
  const config = {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    // The API server reaches the kubelet (logs, exec) at the node's address.
    address: node.ip,
    port: CLUSTER_PORTS.kubelet,
    readOnlyPort: 0,
    healthzBindAddress: '127.0.0.1',
    healthzPort: CLUSTER_PORTS.kubeletHealthz,
    containerRuntimeEndpoint: `unix://${layout.containerd.socket}`,
    cgroupDriver: 'cgroupfs',
    failCgroupV1: false,
    failSwapOn: false,
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true },
      x509: { clientCAFile: pki.caCert },
    },
    authorization: { mode: 'Webhook' },
    tlsCertFile: pki.kubeletServing.cert,
    tlsPrivateKeyFile: pki.kubeletServing.key,
    podLogsDir: layout.kubelet.podLogs,
    resolvConf: '/etc/resolv.conf',
    clusterDNS: [BRIDGE_ADDRESS],
    clusterDomain: CLUSTER_DOMAIN,
    evictionHard: {
      'memory.available': '100Mi',
      'nodefs.available': '1Gi',
      'imagefs.available': '1Gi',
      'nodefs.inodesFree': '1%',
    },
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    // Pods are asked for with imagePullPolicy Never or IfNotPresent.
    serializeImagePulls: true,
  };
  // JSON is YAML.
  fs.writeFileSync(layout.kubelet.config, `${JSON.stringify(config, null, 2)}\n`);
}
