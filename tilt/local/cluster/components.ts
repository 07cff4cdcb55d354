// The command line of every process of the cluster, in start order, and how
// each one shows it is ready. Ports are the cluster's own (layout.ts); every
// component binds 127.0.0.1 except the API server (pods reach it at the node
// IP, the `kubernetes` Service's endpoint) and the kubelet (the API server
// reaches it at the node IP for logs and exec).
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { corefilePath } from './coredns';
import { expectOk } from './health';
import type { ClusterKubeconfigs } from './kubeconfigs';
import { CLUSTER_NETWORK, CLUSTER_PORTS, type ClusterLayout, type NodeIdentity } from './layout';
import type { ClusterPki } from './pki';
import type { ClusterProcess } from './processes';
import { registryProcess } from './registry';

const run = promisify(execFile);

export interface ClusterBinaries {
  etcd: string;
  apiserver: string;
  controllerManager: string;
  scheduler: string;
  kubelet: string;
  proxy: string;
  containerd: string;
  ctr: string;
  crictl: string;
  coredns: string;
  registry: string;
}

export interface ClusterParts {
  layout: ClusterLayout;
  node: NodeIdentity;
  pki: ClusterPki;
  kubeconfigs: ClusterKubeconfigs;
  binaries: ClusterBinaries;
}

// Stopped in the reverse order.
export const COMPONENT_ORDER = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'registry',
  'containerd',
  'kubelet',
  'kube-proxy',
  'coredns',
] as const;
export type ComponentName = (typeof COMPONENT_ORDER)[number];

export function clusterComponents(parts: ClusterParts): Record<ComponentName, ClusterProcess> {
  const { layout, node, pki, kubeconfigs, binaries } = parts;
  const etcdUrl = `http://127.0.0.1:${CLUSTER_PORTS.etcdClient}`;
  const etcdPeerUrl = `http://127.0.0.1:${CLUSTER_PORTS.etcdPeer}`;
  const admin = { ca: pki.caCert, cert: pki.admin.cert, key: pki.admin.key };
  return {
    etcd: {
      name: 'etcd',
      command: binaries.etcd,
      args: [
        '--name=streamhub-cluster',
        `--data-dir=${layout.etcdData}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${etcdPeerUrl}`,
        `--initial-advertise-peer-urls=${etcdPeerUrl}`,
        `--initial-cluster=streamhub-cluster=${etcdPeerUrl}`,
        // A development cluster on a shared disk: speed over crash safety.
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      ready: () => expectOk(`${etcdUrl}/health`),
      readyTimeoutMs: 30_000,
    },
    'kube-apiserver': {
      name: 'kube-apiserver',
      command: binaries.apiserver,
      args: [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=0.0.0.0',
        `--secure-port=${CLUSTER_PORTS.apiserver}`,
        `--advertise-address=${node.ip}`,
        `--client-ca-file=${pki.caCert}`,
        `--tls-cert-file=${pki.apiserver.cert}`,
        `--tls-private-key-file=${pki.apiserver.key}`,
        `--kubelet-client-certificate=${pki.apiserverKubeletClient.cert}`,
        `--kubelet-client-key=${pki.apiserverKubeletClient.key}`,
        `--kubelet-certificate-authority=${pki.caCert}`,
        '--kubelet-preferred-address-types=InternalIP,Hostname',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki.serviceAccountPub}`,
        `--service-account-signing-key-file=${pki.serviceAccountKey}`,
        `--service-cluster-ip-range=${CLUSTER_NETWORK.serviceCidr}`,
        '--authorization-mode=Node,RBAC',
        '--allow-privileged=true',
      ],
      ready: () => expectOk(`https://127.0.0.1:${CLUSTER_PORTS.apiserver}/readyz`, admin),
      readyTimeoutMs: 120_000,
    },
    'kube-controller-manager': {
      name: 'kube-controller-manager',
      command: binaries.controllerManager,
      args: [
        `--kubeconfig=${kubeconfigs.controllerManager}`,
        `--authentication-kubeconfig=${kubeconfigs.controllerManager}`,
        `--authorization-kubeconfig=${kubeconfigs.controllerManager}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${CLUSTER_PORTS.controllerManager}`,
        // Signs the certificates kubelets and workloads ask for (CSRs).
        `--cluster-signing-cert-file=${pki.caCert}`,
        `--cluster-signing-key-file=${pki.caKey}`,
        `--root-ca-file=${pki.caCert}`,
        `--service-account-private-key-file=${pki.serviceAccountKey}`,
        // Each controller acts as its own service account (RBAC per controller).
        '--use-service-account-credentials=true',
        // The CNI configuration holds the one node's pod CIDR.
        '--allocate-node-cidrs=false',
        `--service-cluster-ip-range=${CLUSTER_NETWORK.serviceCidr}`,
        '--cluster-name=streamhub-local',
        '--leader-elect=false',
      ],
      ready: () => expectOk(`https://127.0.0.1:${CLUSTER_PORTS.controllerManager}/healthz`),
      readyTimeoutMs: 60_000,
    },
    'kube-scheduler': {
      name: 'kube-scheduler',
      command: binaries.scheduler,
      args: [
        `--kubeconfig=${kubeconfigs.scheduler}`,
        `--authentication-kubeconfig=${kubeconfigs.scheduler}`,
        `--authorization-kubeconfig=${kubeconfigs.scheduler}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${CLUSTER_PORTS.scheduler}`,
        '--leader-elect=false',
      ],
      ready: () => expectOk(`https://127.0.0.1:${CLUSTER_PORTS.scheduler}/healthz`),
      readyTimeoutMs: 60_000,
    },
    registry: registryProcess(layout, binaries.registry),
    containerd: {
      name: 'containerd',
      command: binaries.containerd,
      args: ['--config', layout.containerd.config],
      ready: async () => {
        await run(binaries.ctr, ['--address', layout.containerd.socket, 'version'], { timeout: 5000 });
      },
      readyTimeoutMs: 30_000,
    },
    kubelet: {
      name: 'kubelet',
      command: binaries.kubelet,
      args: [
        `--config=${layout.kubelet.config}`,
        `--kubeconfig=${kubeconfigs.kubelet}`,
        `--root-dir=${layout.kubelet.rootDir}`,
        `--cert-dir=${path.join(layout.kubelet.rootDir, 'pki')}`,
        `--node-ip=${node.ip}`,
        `--hostname-override=${node.name}`,
      ],
      ready: () => expectOk(`http://127.0.0.1:${CLUSTER_PORTS.kubeletHealthz}/healthz`),
      readyTimeoutMs: 60_000,
    },
    'kube-proxy': {
      name: 'kube-proxy',
      command: binaries.proxy,
      args: [
        `--kubeconfig=${kubeconfigs.kubeProxy}`,
        `--hostname-override=${node.name}`,
        '--proxy-mode=iptables',
        `--cluster-cidr=${CLUSTER_NETWORK.podCidr}`,
        `--healthz-bind-address=127.0.0.1:${CLUSTER_PORTS.proxyHealthz}`,
        `--metrics-bind-address=127.0.0.1:${CLUSTER_PORTS.proxyMetrics}`,
        // Leave the machine's conntrack table size alone.
        '--conntrack-max-per-core=0',
        '--nodeport-addresses=primary',
      ],
      ready: () => expectOk(`http://127.0.0.1:${CLUSTER_PORTS.proxyHealthz}/healthz`),
      readyTimeoutMs: 60_000,
    },
    coredns: {
      name: 'coredns',
      command: binaries.coredns,
      args: ['-conf', corefilePath(layout)],
      // Ready once its kubernetes plugin has listed Services and endpoints.
      ready: () => expectOk(`http://127.0.0.1:${CLUSTER_PORTS.corednsReady}/ready`),
      readyTimeoutMs: 60_000,
    },
  };
}
