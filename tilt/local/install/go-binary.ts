// Builds a pure-Go server with `go install` into the cache. Vendor download
// sites are unreachable from our machines, but the Go module proxy is, so
// Temporal's CLI and MinIO are built from source once per version.
import fs from 'node:fs';
import path from 'node:path';
import { runLogged, step } from '../progress';
import { cachedBinDir, cacheLogFile } from '../versions';
import { findOnPath } from './system';

export interface GoBinary {
  name: string; // cache folder and log name, e.g. "minio"
  binary: string; // program name, looked up on PATH first
  version: string;
  module: string; // module/path@version for `go install`
  expected: string; // what the user should know about the first build
}

function findGo(): string {
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

// An abort (Ctrl-C, or another server failing) stops the build.
export async function ensureGoBinary(spec: GoBinary, signal?: AbortSignal): Promise<string> {
  const onPath = findOnPath(spec.binary);
  if (onPath) return onPath;
  const dir = cachedBinDir(spec.name, spec.version);
  const cached = path.join(dir, spec.binary);
  if (fs.existsSync(cached)) return cached;

  const go = findGo();
  // Build into a side folder and rename at the end: an interrupted build must
  // never leave something that looks like a cached binary.
  const partial = `${dir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  await step(`build ${spec.binary} ${spec.version} (${spec.expected}, once)`, () =>
    runLogged({
      title: `go install ${spec.module}`,
      command: go,
      args: ['install', '-trimpath', spec.module],
      logFile: cacheLogFile(`${spec.name}-build`),
      // GOTOOLCHAIN=auto lets an older Go fetch the release a module asks for
      // through the proxy; CGO off gives a static binary and needs no gcc.
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: partial, GOTOOLCHAIN: 'auto' },
      signal,
    }),
  );
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  return cached;
}
