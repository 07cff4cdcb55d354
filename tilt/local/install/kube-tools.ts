// The command-line tools the chart and the dev loop are tested with: helm,
// kubeconform and tilt, built from the Go module proxy.
import { VERSIONS } from '../versions';
import { ensureGoBinary } from './go-binary';

export function ensureHelm(signal?: AbortSignal): Promise<string> {
  // Helm's idea of the cluster version for `helm template` and `helm lint`
  // is fixed at build time (1.20 by default); stamp the one we test against.
  const [major, minor] = VERSIONS.kubernetes.version.split('.');
  const stamps = ['helm.sh/helm/v3/pkg/chartutil', 'helm.sh/helm/v3/pkg/lint/rules'].flatMap((pkg) => [
    `-X ${pkg}.k8sVersionMajor=${major}`,
    `-X ${pkg}.k8sVersionMinor=${minor}`,
  ]);
  return ensureGoBinary(
    {
      name: 'helm',
      binary: 'helm',
      version: `${VERSIONS.helm.version}-k8s${major}.${minor}`,
      module: VERSIONS.helm.module,
      expected: 'about 2-5 min, 60 MB',
      preferPath: false,
      ldflags: [...stamps, `-X helm.sh/helm/v3/internal/version.version=v${VERSIONS.helm.version}`],
    },
    signal,
  );
}

export function ensureKubeconform(signal?: AbortSignal): Promise<string> {
  return ensureGoBinary(
    {
      name: 'kubeconform',
      binary: 'kubeconform',
      version: VERSIONS.kubeconform.version,
      module: VERSIONS.kubeconform.module,
      expected: 'under a minute, 10 MB',
    },
    signal,
  );
}

export function ensureTilt(signal?: AbortSignal): Promise<string> {
  return ensureGoBinary(
    {
      name: 'tilt',
      binary: 'tilt',
      version: VERSIONS.tilt.version,
      module: VERSIONS.tilt.module,
      expected: 'about 5-8 min, 180 MB',
      // Tilt's file watcher and docker client want cgo.
      cgo: true,
      ldflags: [`-X main.version=${VERSIONS.tilt.version}`],
      wrapper: {
        require: VERSIONS.tilt.module,
        package: 'github.com/tilt-dev/tilt/cmd/tilt',
        // Tilt's own go.mod replaces these two; a dependent module must repeat that.
        replace: async () => [
          'github.com/emicklei/go-restful/v3 => github.com/emicklei/go-restful/v3 v3.9.0',
          'github.com/pkg/browser => github.com/tilt-dev/browser v0.0.1',
        ],
        // The checksum database answers 404 for this pseudo-version.
        noSumDb: ['github.com/tilt-dev/starlark-lsp'],
      },
    },
    signal,
  );
}
