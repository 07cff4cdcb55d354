// `cluster up|down|status`: a real one-node Kubernetes cluster from parts
// (etcd, kube-apiserver, controller-manager, scheduler, containerd, kubelet,
// kube-proxy), all built or installed by the project and run from its own
// state folder (.streamhub/cluster). See docs/local-cluster.md.
import fs from 'node:fs';
import path from 'node:path';
import { NotBuiltError } from '../install/go-binary';
import { ensureCrictl, ensureEtcd, ensureKubeApiserver, ensureKubeNodeBinaries } from '../install/kubernetes';
import { findOnPath, isRoot } from '../install/system';
import { note, step } from '../progress';
import { sleep } from '../servers/process';
import {
  cleanupKubeProxyRules,
  removeBridge,
  removeCniNatRules,
  removeHostLeftovers,
  removeKubeletIptablesRules,
  removePodSandboxes,
  stopLeftoverShims,
  unmountUnder,
} from './cleanup';
import { ensureBridge } from './bridge';
import { clusterComponents, COMPONENT_ORDER, type ClusterBinaries, type ClusterParts } from './components';
import { writeContainerdConfig } from './containerd-config';
import { ensureCoredns, writeCorefile } from './coredns';
import { httpsGet } from './health';
import { buildClusterImages, importImage, listImages } from './images';
import { writeKubeconfigs } from './kubeconfigs';
import { writeKubeletConfig } from './kubelet-config';
import { CLUSTER_PORTS, clusterLayout, findRepoRoot, nodeIdentity, type ClusterLayout } from './layout';
import { ensureClusterPackages } from './packages';
import { ensurePki } from './pki';
import { ensureRegistry, publishLocalRegistryHosting, REGISTRY_HOST, writeRegistryConfig } from './registry';
import { ensureProcess, runningPid, stopProcess } from './processes';

const NODE_READY_TIMEOUT_MS = 120_000;

export function defaultClusterLayout(): ClusterLayout {
  return clusterLayout(findRepoRoot());
}

const CLUSTER_BUILDS: Record<string, () => Promise<unknown>> = {
  etcd: ensureEtcd,
  'kube-apiserver': ensureKubeApiserver,
  'kubelet, kube-proxy, kube-controller-manager, kube-scheduler': ensureKubeNodeBinaries,
  crictl: ensureCrictl,
  coredns: ensureCoredns,
  registry: ensureRegistry,
};

/** The programs `up` would have to build first (none: CI runs the cluster test). */
export async function clusterBuildsMissing(): Promise<string[]> {
  const before = process.env.STREAMHUB_REFUSE_BUILDS;
  process.env.STREAMHUB_REFUSE_BUILDS = '1';
  try {
    const missing: string[] = [];
    for (const [name, ensure] of Object.entries(CLUSTER_BUILDS)) {
      await ensure().catch((error: unknown) => {
        if (!(error instanceof NotBuiltError)) throw error;
        missing.push(name);
      });
    }
    return missing;
  } finally {
    if (before === undefined) delete process.env.STREAMHUB_REFUSE_BUILDS;
    else process.env.STREAMHUB_REFUSE_BUILDS = before;
  }
}

/** `cluster build`: the packages and every program, without starting anything. */
export async function buildCluster(signal?: AbortSignal): Promise<void> {
  await ensureClusterPackages();
  await ensureBinaries(signal);
}

async function ensureBinaries(signal?: AbortSignal): Promise<ClusterBinaries> {
  const [etcd, apiserver, node, crictl, coredns, registry] = [
    await ensureEtcd(signal),
    await ensureKubeApiserver(signal),
    await ensureKubeNodeBinaries(signal),
    // `down` needs it, and should not wait for a build.
    await ensureCrictl(signal),
    await ensureCoredns(signal),
    await ensureRegistry(signal),
  ];
  const required = (name: string) => {
    const found =
      findOnPath(name) ?? ['/usr/sbin', '/usr/bin'].map((dir) => path.join(dir, name)).find(fs.existsSync);
    if (!found) throw new Error(`${name} not found after installing the cluster's packages`);
    return found;
  };
  return {
    etcd,
    apiserver,
    controllerManager: node.controllerManager,
    scheduler: node.scheduler,
    kubelet: node.kubelet,
    proxy: node.proxy,
    containerd: required('containerd'),
    ctr: required('ctr'),
    crictl,
    coredns,
    registry,
  };
}

// containerd, the kubelet and kube-proxy mount, create network interfaces
// and write iptables rules: nothing here works without root.
function requireRoot(action: string): void {
  if (!isRoot())
    throw new Error(
      `cluster ${action} needs root (containerd, the kubelet and kube-proxy do): run it with sudo`,
    );
}

async function prepare(layout: ClusterLayout, signal?: AbortSignal): Promise<ClusterParts> {
  requireRoot('up');
  await ensureClusterPackages();
  const binaries = await ensureBinaries(signal);
  const node = nodeIdentity();
  const pki = await step('certificates', () => ensurePki(layout.pki, node));
  const kubeconfigs = writeKubeconfigs(layout.kubeconfigs, pki, layout.adminKubeconfig);
  writeContainerdConfig(layout);
  writeKubeletConfig(layout, pki, node);
  writeCorefile(layout);
  writeRegistryConfig(layout);
  return { layout, node, pki, kubeconfigs, binaries };
}

export async function clusterUp(
  layout = defaultClusterLayout(),
  signal?: AbortSignal,
): Promise<ClusterParts> {
  const parts = await prepare(layout, signal);
  enableIpForwarding(layout);
  // CoreDNS binds the bridge's address, which exists before any pod does.
  await ensureBridge();
  const images = await step('images (pause, busybox)', async () => {
    fs.mkdirSync(layout.images, { recursive: true });
    return buildClusterImages(layout.images);
  });
  // The node's status in etcd may be a previous run's: only a heartbeat
  // from this run counts (the API stores whole seconds).
  // When the kubelet was already running its last report may be minutes old
  // (it reports an unchanged status every 5 min): any Ready then counts.
  let since = Math.floor(Date.now() / 1000) * 1000;
  const components = clusterComponents(parts);
  for (const name of COMPONENT_ORDER) {
    const outcome = await step(name, () => ensureProcess(layout, components[name]));
    if (outcome === 'running') note(`${name} was already running (pid ${runningPid(layout, name)})`);
    if (name === 'kubelet' && outcome === 'running') since = 0;
    if (name === 'containerd') {
      const present = await listImages(parts.binaries.ctr, layout.containerd.socket);
      for (const image of images.filter((candidate) => !present.includes(candidate.name))) {
        await step(`import ${image.name}`, () =>
          importImage(parts.binaries.ctr, layout.containerd.socket, image),
        );
      }
    }
  }
  await step(`node ${parts.node.name} Ready`, () => waitNodeReady(parts, since, NODE_READY_TIMEOUT_MS));
  await step(`local-registry-hosting (images pushed to ${REGISTRY_HOST})`, () =>
    publishLocalRegistryHosting(layout.adminKubeconfig),
  );
  return parts;
}

// Pods that leave the node (and service traffic DNATed to them) are routed,
// not delivered locally: forwarding must be on.
// `down` turns it off again only when `up` turned it on (a marker says so).
const IP_FORWARD = '/proc/sys/net/ipv4/ip_forward';

function enableIpForwarding(layout: ClusterLayout): void {
  if (fs.readFileSync(IP_FORWARD, 'utf8').trim() !== '1') {
    fs.writeFileSync(path.join(layout.root, 'ip_forward-was-off'), '');
    fs.writeFileSync(IP_FORWARD, '1');
    note('net.ipv4.ip_forward set to 1 (pod traffic is routed through the host)');
  }
}

function restoreIpForwarding(layout: ClusterLayout): void {
  const marker = path.join(layout.root, 'ip_forward-was-off');
  if (!fs.existsSync(marker)) return;
  fs.writeFileSync(IP_FORWARD, '0');
  fs.rmSync(marker);
  note('net.ipv4.ip_forward set back to 0');
}

interface NodeList {
  items: {
    metadata: { name: string };
    status?: {
      conditions?: { type: string; status: string; message?: string; lastHeartbeatTime?: string }[];
    };
  }[];
}

async function nodeStatus(parts: Pick<ClusterParts, 'pki'>): Promise<NodeList> {
  const { status, body } = await httpsGet(`https://127.0.0.1:${CLUSTER_PORTS.apiserver}/api/v1/nodes`, {
    ca: parts.pki.caCert,
    cert: parts.pki.admin.cert,
    key: parts.pki.admin.key,
  });
  if (status !== 200) throw new Error(`GET /api/v1/nodes answered ${status}: ${body.slice(0, 200)}`);
  return JSON.parse(body) as NodeList;
}

async function waitNodeReady(parts: ClusterParts, since: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'not registered yet';
  while (Date.now() < deadline) {
    try {
      const node = (await nodeStatus(parts)).items.find((item) => item.metadata.name === parts.node.name);
      const ready = node?.status?.conditions?.find((condition) => condition.type === 'Ready');
      const fresh = ready?.lastHeartbeatTime !== undefined && Date.parse(ready.lastHeartbeatTime) >= since;
      if (ready?.status === 'True' && fresh) return;
      if (ready)
        last = `Ready=${ready.status}${fresh ? '' : ' (from before this start)'}: ${ready.message ?? ''}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(1000);
  }
  throw new Error(
    `node ${parts.node.name} not Ready after ${timeoutMs / 1000}s (${last}); see ${layoutLogs(parts)}`,
  );
}

function layoutLogs(parts: ClusterParts): string {
  return path.join(parts.layout.logs, 'kubelet.log');
}

export async function clusterDown(
  layout = defaultClusterLayout(),
  options: { purge?: boolean } = {},
): Promise<void> {
  const say = (line: string) => note(line);
  requireRoot('down');
  for (const name of ['coredns', 'kube-proxy', 'kubelet'] as const)
    say(`${name}: ${await stopProcess(layout, name)}`);
  if (runningPid(layout, 'containerd') !== undefined) {
    const crictl = await ensureCrictl();
    const pods = await removePodSandboxes(crictl, layout.containerd.socket);
    say(`pod sandboxes stopped and removed: ${pods.length}`);
  }
  say(`containerd: ${await stopProcess(layout, 'containerd')}`);
  say(`registry: ${await stopProcess(layout, 'registry')}`);
  const shims = await stopLeftoverShims(layout.containerd.socket);
  if (shims.length > 0) say(`leftover containerd shims stopped: ${shims.join(', ')}`);
  const kubeProxy = (await ensureKubeNodeBinaries()).proxy;
  await cleanupKubeProxyRules(kubeProxy, layout);
  say("kube-proxy's iptables rules removed");
  say(`kubelet's iptables rules removed: ${await removeKubeletIptablesRules()}`);
  for (const name of ['kube-scheduler', 'kube-controller-manager', 'kube-apiserver', 'etcd'] as const) {
    say(`${name}: ${await stopProcess(layout, name)}`);
  }
  const unmounted = fs.existsSync(layout.root) ? await unmountUnder(layout.root) : [];
  if (unmounted.length > 0) say(`unmounted under ${layout.root}: ${unmounted.length}`);
  removeEmptyShimSocketDir();
  const links = await removeBridge();
  if (links.length > 0) say(`network interfaces removed: ${links.join(', ')}`);
  const natRules = await removeCniNatRules();
  if (natRules > 0) say(`leftover CNI NAT rules removed: ${natRules}`);
  const leftovers = removeHostLeftovers(layout);
  if (leftovers.length > 0) {
    say(
      `removed outside the state folder: ${leftovers.length} (log links, CNI cache, kubelet socket, kubepods cgroups)`,
    );
  }
  restoreIpForwarding(layout);
  if (options.purge) {
    fs.rmSync(layout.root, { recursive: true, force: true });
    say(`removed ${layout.root}`);
  }
}

// containerd 1.6 puts its shims' sockets in /run/containerd/s whatever its
// state folder: leave nothing behind when no other containerd uses it.
function removeEmptyShimSocketDir(): void {
  for (const dir of ['/run/containerd/s', '/run/containerd']) {
    try {
      fs.rmdirSync(dir); // only when empty
    } catch {
      return;
    }
  }
}

export async function clusterStatus(layout = defaultClusterLayout()): Promise<string[]> {
  const lines = COMPONENT_ORDER.map((name) => {
    const pid = runningPid(layout, name);
    return `${name.padEnd(24)} ${pid === undefined ? 'not running' : `running, pid ${pid}`}`;
  });
  const pki = {
    caCert: path.join(layout.pki, 'ca.crt'),
    admin: { cert: path.join(layout.pki, 'admin.crt'), key: path.join(layout.pki, 'admin.key') },
  };
  if (runningPid(layout, 'kube-apiserver') !== undefined && fs.existsSync(pki.caCert)) {
    try {
      for (const node of (await nodeStatus({ pki: pki as ClusterParts['pki'] })).items) {
        const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
        lines.push(`node ${node.metadata.name}: Ready=${ready?.status ?? 'unknown'}`);
      }
    } catch (error) {
      lines.push(`API server: ${(error as Error).message}`);
    }
  }
  lines.push(`kubeconfig: ${layout.adminKubeconfig}`);
  return lines;
}

export function isClusterUp(layout = defaultClusterLayout()): boolean {
  return COMPONENT_ORDER.every((name) => runningPid(layout, name) !== undefined);
}
