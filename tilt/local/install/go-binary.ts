// Builds a Go program once per version into the cache. Vendor download sites
// are unreachable from our machines, but the Go module proxy is, so servers
// and tools (Temporal's CLI, MinIO, etcd, kube-apiserver, helm, tilt) are
// built from source.
import fs from 'node:fs';
import path from 'node:path';
import { runLogged, step } from '../progress';
import { cacheDir, cachedBinDir, cacheLogFile } from '../versions';
import { copyWritable, moduleSourceDir } from './go-module-source';
import { findOnPath } from './system';

export interface GoBinary {
  name: string; // cache folder and log name, e.g. "minio"
  binary: string; // program name, looked up on PATH first
  version: string;
  module: string; // module/path@version for `go install`
  expected: string; // what the user should know about the first build
  ldflags?: string[]; // e.g. -X settings that stamp the version
  tags?: string[];
  cgo?: boolean; // default off: a static binary, no gcc needed
  // Use a binary found on PATH instead of building (default true). Off for
  // tools whose build settings matter (helm's Kubernetes version, say).
  preferPath?: boolean;
  // Build through a generated wrapper module instead of `go install`: needed
  // when the program's own go.mod has `replace` lines, which `go install
  // pkg@version` refuses.
  wrapper?: GoWrapper;
  // Build with `go build` in a writable copy of the module's source, after
  // this step has run in it: for modules that lack generated files the
  // build embeds (Mailpit's web UI). `module` is then module@version, and
  // its main package is the module's root.
  prepareSource?: (sourceDir: string, signal?: AbortSignal) => Promise<void>;
}

export interface GoWrapper {
  // module@version the wrapper requires (the one holding `package`).
  require: string;
  package: string; // the main package to build
  // More main packages of the same module, built by the same `go build`
  // (packages they share compile once): each binary is named after its
  // package's last path element and lands beside `binary`.
  morePackages?: string[];
  // go.mod lines inside `replace ( … )`, e.g. "a => b v1.2.3"; computed
  // only when a build is needed.
  replace: (go: string) => Promise<string[]>;
  // Modules the checksum database does not know (the proxy serves them, the
  // sumdb answers 404); their go.sum lines come from the download itself.
  noSumDb?: string[];
}

export function findGo(): string {
  // The official tarball installs to /usr/local/go without touching PATH.
  const go = findOnPath('go') ?? (fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) {
    throw new Error(
      'Go is needed to build the local servers once, and was not found. Install Go 1.21 or newer (https://go.dev/dl, ' +
        "unpacked to /usr/local/go); Debian bookworm's golang-go is 1.19, too old to fetch the toolchain these modules need.",
    );
  }
  return go;
}

/** Thrown instead of building when STREAMHUB_REFUSE_BUILDS=1 (`cluster cached` asks what is built). */
export class NotBuiltError extends Error {
  constructor(readonly program: string) {
    super(`${program} is not built yet (STREAMHUB_REFUSE_BUILDS=1)`);
  }
}

// An abort (Ctrl-C, or another server failing) stops the build.
export async function ensureGoBinary(spec: GoBinary, signal?: AbortSignal): Promise<string> {
  const onPath = spec.preferPath === false ? undefined : findOnPath(spec.binary);
  if (onPath) return onPath;
  const dir = cachedBinDir(spec.name, spec.version);
  const cached = path.join(dir, spec.binary);
  const binaries = [
    spec.binary,
    ...(spec.wrapper?.morePackages ?? []).map((pkg) => path.posix.basename(pkg)),
  ];
  const allBuilt = () => binaries.every((binary) => fs.existsSync(path.join(dir, binary)));
  if (allBuilt()) return cached;

  if (process.env.STREAMHUB_REFUSE_BUILDS === '1') throw new NotBuiltError(`${spec.name} ${spec.version}`);
  const go = findGo();
  // Build into a side folder and rename at the end: an interrupted build must
  // never leave something that looks like a cached binary. The folder is this
  // process's own: two runs building the same program at once (`npm start`
  // beside `npm test` on a fresh machine) must not delete each other's work.
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  // GOTOOLCHAIN=auto lets an older Go fetch the release a module asks for
  // through the proxy.
  const env = {
    ...process.env,
    CGO_ENABLED: spec.cgo ? '1' : '0',
    GOBIN: partial,
    GOTOOLCHAIN: 'auto',
    GOFLAGS: '-mod=mod',
    ...(spec.wrapper?.noSumDb ? { GONOSUMDB: spec.wrapper.noSumDb.join(',') } : {}),
  };
  const flags = [
    '-trimpath',
    ...(spec.tags?.length ? ['-tags', spec.tags.join(',')] : []),
    ...(spec.ldflags?.length ? ['-ldflags', spec.ldflags.join(' ')] : []),
  ];
  const logFile = cacheLogFile(`${spec.name}-build`);
  await step(`build ${spec.binary} ${spec.version} (${spec.expected}, once)`, async () => {
    if (spec.prepareSource) {
      const sourceDir = path.join(cacheDir(), 'src', `${spec.name}-${spec.version}.partial-${process.pid}`);
      try {
        fs.mkdirSync(path.dirname(sourceDir), { recursive: true });
        const moduleDir = await moduleSourceDir(go, spec.module, path.dirname(sourceDir), env, signal);
        copyWritable(moduleDir, sourceDir);
        await spec.prepareSource(sourceDir, signal);
        await runLogged({
          title: `go build ${spec.module}`,
          command: go,
          args: ['build', ...flags, '-o', path.join(partial, spec.binary), '.'],
          cwd: sourceDir,
          logFile,
          env,
          signal,
        });
      } finally {
        fs.rmSync(sourceDir, { recursive: true, force: true }); // node_modules alone is hundreds of MB
      }
      return;
    }
    if (!spec.wrapper) {
      await runLogged({
        title: `go install ${spec.module}`,
        command: go,
        args: ['install', ...flags, spec.module],
        logFile,
        env,
        signal,
      });
      return;
    }
    const replace = await spec.wrapper.replace(go);
    const wrapperDir = writeWrapperModule(spec.name, spec.version, spec.wrapper.require, replace);
    const packages = [spec.wrapper.package, ...(spec.wrapper.morePackages ?? [])];
    const requiredVersion = spec.wrapper.require.split('@')[1];
    await runLogged({
      title: `go get ${packages.join(' ')}`,
      command: go,
      args: ['get', ...packages.map((pkg) => `${pkg}@${requiredVersion}`)],
      cwd: wrapperDir,
      logFile,
      env,
      signal,
    });
    await runLogged({
      title: `go build ${packages.join(' ')}`,
      command: go,
      // With several packages, -o names a folder (trailing slash) and each
      // binary takes its package's name.
      args: [
        'build',
        ...flags,
        '-o',
        packages.length > 1 ? `${partial}/` : path.join(partial, spec.binary),
        ...packages,
      ],
      cwd: wrapperDir,
      logFile,
      env,
      signal,
    });
  });
  try {
    fs.renameSync(partial, dir); // fails when `dir` exists and is not empty
  } catch (error) {
    if (allBuilt()) {
      // Another run finished the same build first, and may be running it: keep that one.
      fs.rmSync(partial, { recursive: true, force: true });
      return cached;
    }
    if (!fs.existsSync(dir)) throw error;
    fs.rmSync(dir, { recursive: true, force: true }); // a folder without the binary
    fs.renameSync(partial, dir);
  }
  return cached;
}

// A throw-away module whose go.mod requires the program and repeats its
// replacements; `go get` then fills in go.sum.
function writeWrapperModule(name: string, version: string, require: string, replace: string[]): string {
  const dir = path.join(cacheDir(), 'src', `${name}-${version}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const [module, moduleVersion] = require.split('@');
  const lines = [
    `module streamhub.local/build/${name}`,
    '',
    'go 1.24.0',
    '',
    `require ${module} ${moduleVersion}`,
    '',
    'replace (',
    ...replace.map((line) => `\t${line}`),
    ')',
    '',
  ];
  fs.writeFileSync(path.join(dir, 'go.mod'), lines.join('\n'));
  return dir;
}
