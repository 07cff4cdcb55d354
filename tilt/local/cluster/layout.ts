// Where the local cluster keeps its state, and the ports it listens on. All
// of it lives under .streamhub/cluster in the repository: its own etcd data,
// its own containerd root, state and socket, its own CNI configuration, so
// nothing touches a system containerd or the local stack's etcd and API
// server (12379, 16443).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CLUSTER_PORTS = {
  apiserver: 26443,
  etcdClient: 22379,
  etcdPeer: 22380,
  // The components' defaults: free on a machine without another kubelet.
  kubelet: 10250,
  kubeletHealthz: 10248,
  proxyHealthz: 10256,
  proxyMetrics: 10249,
  controllerManager: 10257,
  scheduler: 10259,
  // CoreDNS's health and ready endpoints (it answers DNS on the bridge address).
  corednsHealth: 28180,
  corednsReady: 28181,
  // The image registry Tilt pushes to and containerd pulls from (registry.ts).
  registry: 25000,
} as const;

export const CLUSTER_NETWORK = {
  podCidr: '10.244.0.0/24',
  serviceCidr: '10.96.0.0/16',
  // The first address of the service range: the `kubernetes` Service.
  apiserverServiceIp: '10.96.0.1',
  bridge: 'cni0',
  cniNetworkName: 'streamhub',
} as const;

export const CLUSTER_IMAGES = {
  // The tag of build/pause in Kubernetes 1.34.3, whose pause.c it is.
  pause: 'localhost/streamhub/pause:3.10.1',
  busybox: 'localhost/streamhub/busybox:1',
} as const;

// Everything under the cluster's own state folder, by job.
export interface ClusterLayout {
  root: string;
  pki: string;
  kubeconfigs: string;
  adminKubeconfig: string;
  etcdData: string;
  containerd: {
    config: string;
    root: string;
    state: string;
    socket: string;
  };
  cniConfDir: string;
  cniIpamDir: string;
  kubelet: {
    rootDir: string;
    config: string;
    podLogs: string;
  };
  images: string;
  registry: {
    config: string;
    storage: string;
  };
  logs: string;
  pids: string;
}

export function clusterLayout(repoRoot: string): ClusterLayout {
  const root = path.join(repoRoot, '.streamhub', 'cluster');
  return {
    root,
    pki: path.join(root, 'pki'),
    kubeconfigs: path.join(root, 'kubeconfigs'),
    adminKubeconfig: path.join(root, 'kubeconfigs', 'admin.kubeconfig'),
    etcdData: path.join(root, 'etcd'),
    containerd: {
      config: path.join(root, 'containerd', 'config.toml'),
      root: path.join(root, 'containerd', 'root'),
      state: path.join(root, 'containerd', 'state'),
      socket: path.join(root, 'containerd', 'containerd.sock'),
    },
    cniConfDir: path.join(root, 'cni', 'net.d'),
    cniIpamDir: path.join(root, 'cni', 'ipam'),
    kubelet: {
      rootDir: path.join(root, 'kubelet'),
      config: path.join(root, 'kubelet-config.yaml'),
      podLogs: path.join(root, 'pod-logs'),
    },
    images: path.join(root, 'images'),
    registry: {
      config: path.join(root, 'registry', 'config.yml'),
      storage: path.join(root, 'registry', 'storage'),
    },
    logs: path.join(root, 'logs'),
    pids: path.join(root, 'pids'),
  };
}

// The node's name and address: the kubelet refuses a loopback node IP, and
// pods reach the API server at this address (the `kubernetes` Service's
// endpoint), so it is the address of the interface the default route uses.
export interface NodeIdentity {
  name: string;
  ip: string;
}

export function nodeIdentity(): NodeIdentity {
  const name = os.hostname().toLowerCase();
  const defaultInterface = defaultRouteInterface();
  const addresses = os.networkInterfaces();
  const candidates = defaultInterface ? [defaultInterface] : Object.keys(addresses);
  for (const candidate of candidates) {
    const ipv4 = addresses[candidate]?.find((address) => address.family === 'IPv4' && !address.internal);
    if (ipv4) return { name, ip: ipv4.address };
  }
  throw new Error('no non-loopback IPv4 address found for the node (the kubelet needs one)');
}

function defaultRouteInterface(): string | undefined {
  try {
    // /proc/net/route: Iface, Destination (hex), ...; the default route has destination 00000000.
    const lines = fs.readFileSync('/proc/net/route', 'utf8').trim().split('\n').slice(1);
    return lines.map((line) => line.split(/\s+/)).find((fields) => fields[1] === '00000000')?.[0];
  } catch {
    return undefined;
  }
}

// The repository root: the folder holding StreamHub's package.json, found
// from the compiled file (dist/tilt/local/cluster) or, for a build outside
// the repository (tsc --outDir elsewhere), from the working directory.
export function findRepoRoot(starts: string[] = [__dirname, process.cwd()]): string {
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (isStreamHubRoot(dir)) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`StreamHub's repository root was not found above ${starts.join(' nor ')}`);
}

function isStreamHubRoot(dir: string): boolean {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
    return pkg.name === 'streamhub';
  } catch {
    return false;
  }
}
