// The Debian packages a node needs besides the Kubernetes programs: the
// container runtime (containerd and runc), the CNI plugins that give pods a
// network, the tools kube-proxy and the kubelet call (iptables, conntrack),
// and a static busybox for the test image. Installed only when missing.
import fs from 'node:fs';
import { aptInstall, findOnPath } from '../install/system';

// The CNI plugins the cluster's network configuration names.
export const CNI_BIN_DIR = '/usr/lib/cni';
export const CNI_PLUGINS = ['bridge', 'host-local', 'loopback', 'portmap'];
export const STATIC_BUSYBOX = '/bin/busybox';

interface Requirement {
  aptPackage: string;
  present: () => boolean;
}

const REQUIREMENTS: Requirement[] = [
  { aptPackage: 'containerd', present: () => !!findOnPath('containerd') && !!findOnPath('ctr') },
  { aptPackage: 'runc', present: () => !!findOnPath('runc') },
  {
    aptPackage: 'containernetworking-plugins',
    present: () => CNI_PLUGINS.every((plugin) => fs.existsSync(`${CNI_BIN_DIR}/${plugin}`)),
  },
  { aptPackage: 'iptables', present: () => !!findOnPath('iptables') },
  { aptPackage: 'conntrack', present: () => !!findOnPath('conntrack') },
  // busybox-static replaces the dynamic busybox package; the image needs a
  // binary that runs without the host's libc.
  { aptPackage: 'busybox-static', present: isStaticBusybox },
];

function isStaticBusybox(): boolean {
  try {
    // A static ELF has no PT_INTERP segment, so no "/lib64/ld-linux" path in it.
    const head = fs.readFileSync(STATIC_BUSYBOX).subarray(0, 4096).toString('latin1');
    return head.startsWith('\x7fELF') && !head.includes('ld-linux');
  } catch {
    return false;
  }
}

export async function ensureClusterPackages(): Promise<void> {
  const missing = REQUIREMENTS.filter((requirement) => !requirement.present()).map((r) => r.aptPackage);
  if (missing.length === 0) return;
  await aptInstall(missing, `The local Kubernetes cluster needs ${missing.join(', ')}`);
}
