// What `cluster down` removes besides its processes: pod sandboxes (through
// crictl, so the CNI plugins tear their network down), then whatever a crash
// may have left: containerd shims of our socket, mounts under the state
// folder (network namespaces, volumes, overlay roots), the cni0 bridge and
// its veths, the CNI plugins' NAT chains of our network, and kube-proxy's
// iptables rules (`kube-proxy --cleanup`).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLUSTER_NETWORK, type ClusterLayout } from './layout';
import { stopPid } from './processes';

const run = promisify(execFile);

export async function removePodSandboxes(crictl: string, socket: string): Promise<string[]> {
  const endpoint = ['--runtime-endpoint', `unix://${socket}`, '--timeout', '60s'];
  const { stdout } = await run(crictl, [...endpoint, 'pods', '--quiet']);
  const pods = stdout.split('\n').filter(Boolean);
  if (pods.length > 0) {
    // Stopping a sandbox runs CNI DEL: veth, IP lease and NAT rules go.
    await run(crictl, [...endpoint, 'stopp', ...pods]);
    await run(crictl, [...endpoint, 'rmp', '--force', ...pods]);
  }
  return pods;
}

// Shims outlive containerd by design; ours name our socket on their command line.
export async function stopLeftoverShims(socket: string): Promise<number[]> {
  const shims = processes().filter(
    (proc) => proc.argv[0]?.includes('containerd-shim') && proc.argv.includes(socket),
  );
  const all = processes();
  for (const shim of shims) {
    // The container processes first (the shim is their parent), then the shim.
    for (const child of all.filter((proc) => proc.ppid === shim.pid))
      await stopPid(child.pid, `container process ${child.pid}`);
    await stopPid(shim.pid, `containerd shim ${shim.pid}`);
  }
  return shims.map((shim) => shim.pid);
}

interface ProcessInfo {
  pid: number;
  ppid: number;
  argv: string[];
}

function processes(): ProcessInfo[] {
  const result: ProcessInfo[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      // The parent pid is the 4th field, after the command name in parentheses.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      result.push({ pid: Number(entry), ppid, argv });
    } catch {
      // exited meanwhile
    }
  }
  return result;
}

// Every mount point under the state folder, deepest first (nested mounts
// must go before their parent).
export function mountsUnder(root: string): string[] {
  const prefix = `${root}/`;
  return fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((mountPoint): mountPoint is string => !!mountPoint)
    .map((mountPoint) =>
      mountPoint.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))),
    )
    .filter((mountPoint) => mountPoint === root || mountPoint.startsWith(prefix))
    .sort((a, b) => b.length - a.length);
}

export async function unmountUnder(root: string): Promise<string[]> {
  const unmounted: string[] = [];
  // A mount can be stacked on the same point more than once (the kubelet
  // bind-mounts its root onto itself to make it shared).
  for (let pass = 0; pass < 5; pass++) {
    const mounts = mountsUnder(root);
    if (mounts.length === 0) break;
    for (const mountPoint of mounts) {
      try {
        await run('umount', [mountPoint]);
      } catch {
        await run('umount', ['--lazy', mountPoint]).catch(() => undefined);
      }
      unmounted.push(mountPoint);
    }
  }
  return unmounted;
}

// The bridge and any veth still attached to it (a sandbox removed without CNI DEL).
export async function removeBridge(): Promise<string[]> {
  const bridge = CLUSTER_NETWORK.bridge;
  if (!fs.existsSync(`/sys/class/net/${bridge}`)) return [];
  const removed: string[] = [];
  const ports = fs.existsSync(`/sys/class/net/${bridge}/brif`)
    ? fs.readdirSync(`/sys/class/net/${bridge}/brif`)
    : [];
  for (const port of ports) {
    await run('ip', ['link', 'delete', port]).catch(() => undefined);
    removed.push(port);
  }
  await run('ip', ['link', 'delete', bridge]);
  removed.push(bridge);
  return removed;
}

// The bridge plugin's masquerade rules: a POSTROUTING jump per pod, commented
// with our network's name, to a CNI-… chain of its own.
export async function removeCniNatRules(): Promise<number> {
  const marker = `name: \\"${CLUSTER_NETWORK.cniNetworkName}\\"`;
  return removeIptablesChains(
    'iptables',
    'nat',
    (rule) => rule.startsWith('-A POSTROUTING ') && rule.includes(marker),
  );
}

// The chains the kubelet makes (kube-proxy --cleanup leaves them): a canary
// in each table, and a filter that drops non-local traffic to 127.0.0.0/8.
const KUBELET_CHAINS = ['KUBE-FIREWALL', 'KUBE-KUBELET-CANARY', 'KUBE-IPTABLES-HINT'];

export async function removeKubeletIptablesRules(): Promise<number> {
  let removed = 0;
  for (const family of ['iptables', 'ip6tables'] as const) {
    for (const table of ['filter', 'nat', 'mangle']) {
      removed += await removeIptablesChains(family, table, (rule) =>
        KUBELET_CHAINS.some((chain) => rule.startsWith(`-A ${chain} `) || rule.endsWith(`-j ${chain}`)),
      );
    }
  }
  return removed;
}

// Deletes the rules `selected` picks in one table, and the chains they jump
// to or sit in when those are chains of their own (not built-in ones), in
// one iptables-restore --noflush transaction. Returns the rules deleted.
async function removeIptablesChains(
  family: 'iptables' | 'ip6tables',
  table: string,
  selected: (rule: string) => boolean,
): Promise<number> {
  let saved: string;
  try {
    saved = (await run(`${family}-save`, ['-t', table])).stdout;
  } catch {
    return 0; // no such table or tool
  }
  const lines = saved.split('\n');
  // User-defined chains (built-in ones are declared with a policy, not "-").
  const declared = new Set(
    lines.filter((line) => /^:\S+ - /.test(line)).map((line) => line.slice(1).split(' ')[0]!),
  );
  const rules = lines.filter((line) => line.startsWith('-A ') && selected(line));
  const chains = new Set<string>();
  for (const rule of rules) {
    const own = /^-A (\S+)/.exec(rule)?.[1];
    const target = / -[jg] (\S+)/.exec(rule)?.[1];
    for (const chain of [own, target]) if (chain && declared.has(chain)) chains.add(chain);
  }
  // Empty chains the caller names (no rule of theirs to select).
  for (const chain of declared) if (selected(`-A ${chain} `)) chains.add(chain);
  if (rules.length === 0 && chains.size === 0) return 0;
  const script = [
    `*${table}`,
    // Rules in chains that are deleted whole need no -D of their own.
    ...rules
      .filter((rule) => !chains.has(/^-A (\S+)/.exec(rule)?.[1] ?? ''))
      .map((rule) => rule.replace(/^-A /, '-D ')),
    ...[...chains].map((chain) => `-F ${chain}`),
    ...[...chains].map((chain) => `-X ${chain}`),
    'COMMIT',
    '',
  ].join('\n');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(`${family}-restore`, ['--noflush'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${family}-restore (${table}): ${stderr.trim()}\n${script}`)),
    );
    child.stdin.end(script);
  });
  return rules.length;
}

export async function cleanupKubeProxyRules(kubeProxy: string, layout: ClusterLayout): Promise<void> {
  try {
    await run(kubeProxy, ['--cleanup', '--proxy-mode=iptables'], { timeout: 60_000 });
  } catch (error) {
    throw new Error(
      `kube-proxy --cleanup failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message} (state in ${layout.root})`,
    );
  }
}

// The few system paths the kubelet and the CNI library write whatever their
// configuration: the kubelet's symlinks to container logs in
// /var/log/containers, its device-plugin socket in /var/lib/kubelet, the CNI
// result cache in /var/lib/cni/results, and the kubepods cgroups. Only ours
// go (links into our pod logs, results of our network, empty cgroups); a
// folder goes when that leaves it empty.
export function removeHostLeftovers(layout: ClusterLayout): string[] {
  const removed: string[] = [];
  const remove = (file: string) => {
    try {
      fs.rmSync(file);
      removed.push(file);
    } catch {
      // gone already
    }
  };
  const removeDirIfEmpty = (dir: string) => {
    try {
      fs.rmdirSync(dir);
      removed.push(dir);
    } catch {
      // not empty, or not there
    }
  };
  for (const link of listDir('/var/log/containers')) {
    const file = path.join('/var/log/containers', link);
    try {
      if (fs.readlinkSync(file).startsWith(`${layout.kubelet.podLogs}/`)) remove(file);
    } catch {
      // not a symlink
    }
  }
  removeDirIfEmpty('/var/log/containers');
  for (const result of listDir('/var/lib/cni/results')) {
    if (result.startsWith(`${CLUSTER_NETWORK.cniNetworkName}-`))
      remove(path.join('/var/lib/cni/results', result));
  }
  removeDirIfEmpty('/var/lib/cni/results');
  removeDirIfEmpty('/var/lib/cni');
  remove('/var/lib/kubelet/device-plugins/kubelet.sock');
  remove('/var/lib/kubelet/device-plugins/kubelet_internal_checkpoint');
  removeDirIfEmpty('/var/lib/kubelet/device-plugins');
  removeDirIfEmpty('/var/lib/kubelet');
  for (const hierarchy of listDir('/sys/fs/cgroup')) {
    const kubepods = path.join('/sys/fs/cgroup', hierarchy, 'kubepods');
    if (fs.existsSync(kubepods) && removeEmptyCgroups(kubepods)) removed.push(kubepods);
  }
  return removed;
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

// Depth first: a cgroup can be removed once it has no child and no process.
function removeEmptyCgroups(dir: string): boolean {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyCgroups(path.join(dir, entry.name));
  }
  try {
    fs.rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}
