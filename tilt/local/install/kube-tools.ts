// The command-line tools the chart and the dev loop are tested with: helm,
// kubeconform and tilt, built from the Go module proxy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheDir, VERSIONS } from '../versions';
import { ensureGoBinary } from './go-binary';
import { copyWritable, moduleSourceDir } from './go-module-source';

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

// Tilt's web UI is built by its release process from its own npm sources
// and embedded from pkg/assets/build, which the module holds empty: without
// an index.html there, Tilt refuses to start ("JS/CSS files are not
// available"). A page saying so takes its place; the CLI (tilt get, tilt
// logs, tilt ci) and the API work as usual.
const TILT_UI_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tilt</title></head>
<body><h1>Tilt ${VERSIONS.tilt.version}, built from source by StreamHub</h1>
<p>This build has no web UI: Tilt's release process builds it from npm sources that are not part of the Go module.
Use the command line instead: <code>tilt get uiresource</code>, <code>tilt logs</code>, <code>tilt trigger NAME</code>.</p>
</body></html>
`;

// A writable copy of Tilt's module with the page in place, which the
// wrapper module builds instead of the module cache's read-only copy.
async function tiltSourceWithPage(go: string): Promise<string> {
  const env = { ...process.env, GOTOOLCHAIN: 'auto', GOFLAGS: '-mod=mod' };
  const moduleDir = await moduleSourceDir(go, VERSIONS.tilt.module, os.tmpdir(), env);
  const dir = path.join(cacheDir(), 'src', `tilt-${VERSIONS.tilt.version}-with-page`);
  copyWritable(moduleDir, dir);
  fs.writeFileSync(path.join(dir, 'pkg', 'assets', 'build', 'index.html'), TILT_UI_PAGE);
  return dir;
}

export function ensureTilt(signal?: AbortSignal): Promise<string> {
  return ensureGoBinary(
    {
      name: 'tilt',
      binary: 'tilt',
      // The suffix keeps a build from before the page apart.
      version: `${VERSIONS.tilt.version}-cli-page`,
      module: VERSIONS.tilt.module,
      expected: 'about 5-8 min, 180 MB',
      // Tilt's file watcher and docker client want cgo.
      cgo: true,
      ldflags: [`-X main.version=${VERSIONS.tilt.version}`],
      wrapper: {
        require: VERSIONS.tilt.module,
        package: 'github.com/tilt-dev/tilt/cmd/tilt',
        // Tilt's own go.mod replaces these two; a dependent module must repeat that.
        replace: async (go) => [
          'github.com/emicklei/go-restful/v3 => github.com/emicklei/go-restful/v3 v3.9.0',
          'github.com/pkg/browser => github.com/tilt-dev/browser v0.0.1',
          `github.com/tilt-dev/tilt => ${await tiltSourceWithPage(go)}`,
        ],
        // The checksum database answers 404 for this pseudo-version.
        noSumDb: ['github.com/tilt-dev/starlark-lsp'],
      },
    },
    signal,
  );
}
