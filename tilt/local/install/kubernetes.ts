// etcd and kube-apiserver, built from the Go module proxy: the real API server
// that stores and validates what the chart renders and what the operator
// reconciles. The rest of a node (controller-manager, scheduler, kubelet,
// kube-proxy) is built for the local cluster (tilt/local/cluster).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { VERSIONS } from '../versions';
import { ensureGoBinary } from './go-binary';

const run = promisify(execFile);

export function ensureEtcd(signal?: AbortSignal): Promise<string> {
  return ensureGoBinary(
    {
      name: 'etcd',
      binary: 'etcd',
      version: VERSIONS.etcd.version,
      module: VERSIONS.etcd.module,
      expected: 'about 1-3 min, 30 MB',
      // Debian's etcd is 3.4, older than Kubernetes 1.34 supports.
      preferPath: false,
      wrapper: {
        require: VERSIONS.etcd.module,
        package: 'go.etcd.io/etcd/server/v3',
        replace: async () => [],
      },
    },
    signal,
  );
}

// Without the stamp a component reports v0.0.0-master: charts with a
// kubeVersion constraint refuse to install, and a kubelet that old is outside
// the API server's version skew.
function versionStamp(version: string): string[] {
  const [major, minor] = version.split('.');
  const stamp = 'k8s.io/component-base/version';
  return [
    `-X ${stamp}.gitVersion=v${version}`,
    `-X ${stamp}.gitMajor=${major}`,
    `-X ${stamp}.gitMinor=${minor}`,
    `-X ${stamp}.gitTreeState=clean`,
    `-X ${stamp}.buildDate=1970-01-01T00:00:00Z`,
  ];
}

export function ensureKubeApiserver(signal?: AbortSignal): Promise<string> {
  const version = VERSIONS.kubernetes.version;
  return ensureGoBinary(
    {
      name: 'kube-apiserver',
      binary: 'kube-apiserver',
      version,
      module: VERSIONS.kubernetes.module,
      expected: 'about 7-8 min on 2 cores and 3 GB of RAM, 145 MB',
      preferPath: false,
      tags: ['selinux', 'notest'],
      ldflags: versionStamp(version),
      wrapper: {
        require: VERSIONS.kubernetes.module,
        package: 'k8s.io/kubernetes/cmd/kube-apiserver',
        replace: (go) => stagingReplacements(go, version),
      },
    },
    signal,
  );
}

export interface KubeNodeBinaries {
  controllerManager: string;
  scheduler: string;
  kubelet: string;
  proxy: string;
}

// The four programs of the local cluster besides the API server, in one `go
// build`: they share most of their packages, which then compile once.
export async function ensureKubeNodeBinaries(signal?: AbortSignal): Promise<KubeNodeBinaries> {
  const version = VERSIONS.kubernetes.version;
  const commands = 'k8s.io/kubernetes/cmd';
  const kubelet = await ensureGoBinary(
    {
      name: 'kube-node',
      binary: 'kubelet',
      version,
      module: VERSIONS.kubernetes.module,
      expected:
        'kubelet, kube-proxy, kube-controller-manager, kube-scheduler: about 7 min on 2 cores, 2-3 min once kube-apiserver is built, 460 MB',
      preferPath: false,
      tags: ['selinux', 'notest'],
      ldflags: versionStamp(version),
      wrapper: {
        require: VERSIONS.kubernetes.module,
        package: `${commands}/kubelet`,
        morePackages: [
          `${commands}/kube-proxy`,
          `${commands}/kube-controller-manager`,
          `${commands}/kube-scheduler`,
        ],
        replace: (go) => stagingReplacements(go, version),
      },
    },
    signal,
  );
  const dir = path.dirname(kubelet);
  return {
    kubelet,
    proxy: path.join(dir, 'kube-proxy'),
    controllerManager: path.join(dir, 'kube-controller-manager'),
    scheduler: path.join(dir, 'kube-scheduler'),
  };
}

export function ensureCrictl(signal?: AbortSignal): Promise<string> {
  return ensureGoBinary(
    {
      name: 'crictl',
      binary: 'crictl',
      version: VERSIONS.crictl.version,
      module: VERSIONS.crictl.module,
      expected: 'about 1 min, 40 MB',
    },
    signal,
  );
}

// k8s.io/kubernetes replaces its staging modules (k8s.io/api, client-go…)
// with folders of its own repository; outside it they must point at the
// published v0.<minor>.<patch> of each.
async function stagingReplacements(go: string, version: string): Promise<string[]> {
  const { stdout: goModPath } = await run(
    go,
    ['list', '-m', '-f', '{{.GoMod}}', `k8s.io/kubernetes@v${version}`],
    {
      env: { ...process.env, GOTOOLCHAIN: 'auto' },
    },
  );
  const { readFile } = await import('node:fs/promises');
  const goMod = await readFile(goModPath.trim(), 'utf8');
  const staging = [...goMod.matchAll(/^\s*(k8s\.io\/\S+)\s+=>\s+\.\/staging\//gm)].map((match) => match[1]!);
  if (staging.length === 0) throw new Error(`no staging replacements found in ${goModPath.trim()}`);
  const published = `v0.${version.split('.').slice(1).join('.')}`;
  return staging.map((module) => `${module} => ${module} ${published}`);
}
