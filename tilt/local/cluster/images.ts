// The cluster's images, built here because nothing can be pulled from a
// registry on our machines: the pod sandbox's pause program (Kubernetes' own
// pause.c, from the k8s.io/kubernetes module source, compiled static) and a
// busybox image for tests (the host's static busybox). Each is written as an
// OCI image layout archive (a gzip layer made with tar, the config, the
// manifest, index.json, oci-layout) and imported into the cluster's
// containerd, in the k8s.io namespace the CRI plugin reads.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { findGo } from '../install/go-binary';
import { VERSIONS } from '../versions';
import { CLUSTER_IMAGES } from './layout';
import { STATIC_BUSYBOX } from './packages';

const run = promisify(execFile);

export interface ImageArchive {
  name: string;
  archive: string;
}

interface ImageSpec {
  name: string; // registry/repository:tag
  // Fills the image's root filesystem.
  populate: (rootfs: string) => Promise<void>;
  entrypoint: string[];
  cmd?: string[];
  user?: string;
}

export async function buildClusterImages(dir: string): Promise<ImageArchive[]> {
  return [
    await buildImage(dir, {
      name: CLUSTER_IMAGES.pause,
      populate: async (rootfs) => compilePause(path.join(rootfs, 'pause')),
      entrypoint: ['/pause'],
      // As the upstream image: the sandbox process needs no privilege.
      user: '65535:65535',
    }),
    await buildImage(dir, {
      name: CLUSTER_IMAGES.busybox,
      populate: populateBusybox,
      entrypoint: [],
      cmd: ['/bin/sh'],
    }),
  ];
}

export async function importImage(ctr: string, socket: string, image: ImageArchive): Promise<void> {
  await run(ctr, ['--address', socket, '--namespace', 'k8s.io', 'images', 'import', image.archive]);
}

export async function listImages(ctr: string, socket: string): Promise<string[]> {
  const { stdout } = await run(ctr, [
    '--address',
    socket,
    '--namespace',
    'k8s.io',
    'images',
    'list',
    '--quiet',
  ]);
  return stdout.split('\n').filter(Boolean);
}

async function compilePause(output: string): Promise<void> {
  const version = VERSIONS.kubernetes.version;
  // The module is in the Go module cache once the Kubernetes programs were
  // built; `go mod download` fetches it otherwise.
  const { stdout } = await run(findGo(), ['mod', 'download', '-json', `k8s.io/kubernetes@v${version}`], {
    env: { ...process.env, GOTOOLCHAIN: 'auto', GOFLAGS: '-mod=mod' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const source = path.join((JSON.parse(stdout) as { Dir: string }).Dir, 'build', 'pause', 'linux', 'pause.c');
  const tag = CLUSTER_IMAGES.pause.split(':').pop()!;
  // The flags of build/pause/Makefile; nice: it shares the machine.
  await run('nice', [
    '-n',
    '19',
    'gcc',
    '-Os',
    '-Wall',
    '-Werror',
    '-static',
    `-DVERSION=v${tag}-streamhub`,
    '-o',
    output,
    source,
  ]);
}

async function populateBusybox(rootfs: string): Promise<void> {
  const bin = path.join(rootfs, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.copyFileSync(STATIC_BUSYBOX, path.join(bin, 'busybox'));
  fs.chmodSync(path.join(bin, 'busybox'), 0o755);
  // Every applet as a symlink, as `busybox --install -s` would make them.
  const { stdout } = await run(STATIC_BUSYBOX, ['--list']);
  for (const applet of stdout.split('\n').filter((name) => name && name !== 'busybox')) {
    fs.symlinkSync('busybox', path.join(bin, applet));
  }
  for (const dir of ['tmp', 'etc', 'root', 'var/www'])
    fs.mkdirSync(path.join(rootfs, dir), { recursive: true });
  fs.chmodSync(path.join(rootfs, 'tmp'), 0o1777);
  fs.writeFileSync(
    path.join(rootfs, 'etc', 'passwd'),
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n',
  );
  fs.writeFileSync(path.join(rootfs, 'etc', 'group'), 'root:x:0:\nnobody:x:65534:\n');
}

function sha256(data: Buffer): string {
  return `sha256:${crypto.createHash('sha256').update(data).digest('hex')}`;
}

function ociArchitecture(): string {
  const architectures: Partial<Record<NodeJS.Architecture, string>> = { x64: 'amd64', arm64: 'arm64' };
  const architecture = architectures[process.arch];
  if (!architecture) throw new Error(`no OCI architecture name known for ${process.arch}`);
  return architecture;
}

async function buildImage(dir: string, spec: ImageSpec): Promise<ImageArchive> {
  const safeName = spec.name.replace(/[^a-zA-Z0-9.-]+/g, '_');
  const work = path.join(dir, `${safeName}.partial`);
  const archive = path.join(dir, `${safeName}.oci.tar`);
  // Built once per name: the tag changes when what goes in does.
  if (fs.existsSync(archive)) return { name: spec.name, archive };
  fs.rmSync(work, { recursive: true, force: true });
  const rootfs = path.join(work, 'rootfs');
  const layout = path.join(work, 'layout');
  const blobs = path.join(layout, 'blobs', 'sha256');
  fs.mkdirSync(rootfs, { recursive: true });
  fs.mkdirSync(blobs, { recursive: true });
  try {
    await spec.populate(rootfs);
    // Root-owned files and a fixed time: the same inputs give the same layer.
    const layerTar = path.join(work, 'layer.tar');
    await run('tar', [
      '--create',
      '--file',
      layerTar,
      '--sort=name',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--mtime=@0',
      '--directory',
      rootfs,
      '.',
    ]);
    const uncompressed = fs.readFileSync(layerTar);
    const layer = zlib.gzipSync(uncompressed, { level: 6 });
    const writeBlob = (data: Buffer) => {
      const digest = sha256(data);
      fs.writeFileSync(path.join(blobs, digest.slice('sha256:'.length)), data);
      return { digest, size: data.length };
    };
    const architecture = ociArchitecture();
    const config = Buffer.from(
      JSON.stringify({
        created: '1970-01-01T00:00:00Z',
        architecture,
        os: 'linux',
        config: {
          Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
          Entrypoint: spec.entrypoint.length ? spec.entrypoint : undefined,
          Cmd: spec.cmd,
          User: spec.user,
          WorkingDir: '/',
        },
        // The digest of the uncompressed layer.
        rootfs: { type: 'layers', diff_ids: [sha256(uncompressed)] },
        history: [{ created: '1970-01-01T00:00:00Z', created_by: 'StreamHub tilt/local/cluster/images.ts' }],
      }),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...writeBlob(config) },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...writeBlob(layer) }],
      }),
    );
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...writeBlob(manifest),
          platform: { architecture, os: 'linux' },
          annotations: {
            // The full name `ctr images import` gives the image.
            'io.containerd.image.name': spec.name,
            'org.opencontainers.image.ref.name': spec.name.split(':').pop(),
          },
        },
      ],
    };
    fs.writeFileSync(path.join(layout, 'index.json'), JSON.stringify(index));
    fs.writeFileSync(path.join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    await run('tar', [
      '--create',
      '--file',
      `${archive}.partial`,
      '--directory',
      layout,
      'oci-layout',
      'index.json',
      'blobs',
    ]);
    fs.renameSync(`${archive}.partial`, archive);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { name: spec.name, archive };
}
