// The Tilt dev loop on the local node, as a developer without Docker runs
// it (docs/local-cluster.md, "Tilt on the local node"): the cluster's own
// registry, the Tiltfile's `image_builder: buildah` (a custom_build through
// the project's CLI), the chart pointed at the cluster's servers. `tilt ci`
// must bring every resource up; then, under `tilt up`, an edited source file
// must reach the running container by live update (no new pod, no image
// build) and change what the gateway answers. Works on a copy of the
// committed tree, so the edit never touches the repository. Run by
// `npm run test:cluster` (as root); it leaves the cluster down.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { dump, load } from 'js-yaml';
import { ensureHelm, ensureTilt } from '../install/kube-tools';
import { clusterLayout } from './layout';
import { REGISTRY_HOST } from './registry';
import { startClusterServers, type ClusterServers } from './servers';
import { eventually, getOnNewConnection, repoRoot, stack } from './testing/cluster-test-support';
import { tiltValuesFile, writeTiltValues } from './tilt-values';

const run = promisify(execFile);

const layout = clusterLayout(repoRoot);
const BUILD_TIMEOUT_MS = 40 * 60_000; // a first run makes the base and runs npm ci
const TILT_CI_TIMEOUT = '20m';
// The file the live update changes, and what the gateway answers from it.
const EDITED_FILE = 'services/gateway/routes/ops/handlers.ts';
const HEALTHZ_BEFORE = "koa.body = { status: 'ok' };";

const figures: Record<string, unknown> = {};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// The Tilt server on a free port (the UI, Tilt's API for tilt get/logs).
async function tiltServerFlags(): Promise<string[]> {
  return ['--port', String(await freePort())];
}

describe('Tilt on the local node', () => {
  const namespace = `tilt-test-${randomUUID().slice(0, 8)}`;
  let work: string;
  let env: NodeJS.ProcessEnv;
  let tiltBin: string;
  let servers: ClusterServers | undefined;
  let core: CoreV1Api;
  let tiltUp: ChildProcess | undefined;
  let tiltUpLog = '';

  async function tilt(args: string[], timeoutMs: number): Promise<string> {
    try {
      const { stdout, stderr } = await run(tiltBin, args, {
        cwd: work,
        env,
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
      });
      return `${stdout}${stderr}`;
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`tilt ${args.join(' ')} failed:\n${`${stdout}${stderr}`.slice(-8000)}`);
    }
  }

  async function kubectl(args: string[]): Promise<string> {
    const { stdout } = await run('kubectl', args, { env, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  }

  async function gatewayPods(): Promise<V1Pod[]> {
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: 'app.kubernetes.io/component=all',
    });
    return pods.items.filter((pod) => pod.metadata?.deletionTimestamp === undefined);
  }

  async function healthz(): Promise<Record<string, unknown>> {
    const service = await core.readNamespacedService({ name: 'streamhub-all', namespace });
    const port = service.spec?.ports?.find((candidate) => candidate.name === 'http')?.port ?? 8080;
    const { status, body } = await getOnNewConnection(
      `http://${service.spec!.clusterIP}:${port}/healthz`,
      3000,
    );
    if (status !== 200) throw new Error(`/healthz answered ${status} ${JSON.stringify(body.slice(0, 80))}`);
    return JSON.parse(body) as Record<string, unknown>;
  }

  beforeAll(async () => {
    process.stdout.write(await stack('cluster', 'up'));
    const config = new KubeConfig();
    config.loadFromFile(layout.adminKubeconfig);
    core = config.makeApiClient(CoreV1Api);
    servers = await startClusterServers(layout);
    writeTiltValues(layout, servers);
    tiltBin = await ensureTilt();
    const helm = await ensureHelm();

    // The committed tree, with the repository's build of the CLI (the
    // custom_build runs it; it builds the tree it is run in).
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'streamhub-tilt-'));
    const archive = `${work}.tar`;
    await run('git', ['-C', repoRoot, 'archive', '--format=tar', '--output', archive, 'HEAD']);
    await run('tar', ['-xf', archive, '-C', work]);
    fs.rmSync(archive);
    fs.symlinkSync(path.join(repoRoot, 'dist'), path.join(work, 'dist'));
    fs.mkdirSync(path.join(work, '.streamhub', 'cluster'), { recursive: true });
    fs.copyFileSync(tiltValuesFile(layout), path.join(work, '.streamhub', 'cluster', 'tilt-values.yaml'));

    // tilt/settings.local-node.yaml, in a namespace of this run, with free ports.
    const settings = {
      ...(load(fs.readFileSync(path.join(repoRoot, 'tilt', 'settings.local-node.yaml'), 'utf8')) as object),
      namespace,
      typecheck: false,
      ports: { gateway: await freePort(), temporal_ui: 0, minio_console: 0 },
    };
    const settingsFile = path.join(work, 'tilt-settings.yaml');
    fs.writeFileSync(settingsFile, dump(settings));
    env = {
      ...process.env,
      KUBECONFIG: layout.adminKubeconfig,
      STREAMHUB_TILT_SETTINGS: settingsFile,
      PATH: `${path.dirname(helm)}:${path.dirname(process.execPath)}:${process.env.PATH}`,
      TILT_DISABLE_ANALYTICS: '1',
    };
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    process.stdout.write(`\nfigures: ${JSON.stringify(figures, null, 2)}\n`);
    tiltUp?.kill('SIGTERM');
    // Tilt's own account of the run (what it built, copied, ran, fell back on).
    if (tiltUpLog) {
      const logFile = path.join(os.tmpdir(), `${namespace}-tilt-up.log`);
      fs.writeFileSync(logFile, tiltUpLog);
      process.stdout.write(`tilt up's log: ${logFile}\n`);
    }
    if (work) fs.rmSync(work, { recursive: true, force: true });
    await servers?.stop();
  }, 120_000);

  it(
    'tilt ci builds the image with buildah, pushes it to the cluster registry and brings every resource up',
    async () => {
      const started = Date.now();
      const output = await tilt(
        ['ci', '--file', 'Tiltfile', ...(await tiltServerFlags()), '--timeout', TILT_CI_TIMEOUT],
        BUILD_TIMEOUT_MS,
      );
      figures.tiltCiSeconds = Math.round((Date.now() - started) / 1000);
      expect(output).toMatch(/SUCCESS\. All workloads are healthy\./);
      const pods = await gatewayPods();
      expect(pods).toHaveLength(1);
      // The image Tilt built, from the registry the cluster advertises.
      expect(pods[0]!.spec!.containers[0]!.image).toMatch(new RegExp(`^${REGISTRY_HOST}/streamhub:tilt-`));
      expect(await healthz()).toEqual({ status: 'ok' });
      const jobs = await core.listNamespacedPod({
        namespace,
        labelSelector: 'app.kubernetes.io/component=migrations',
      });
      expect(jobs.items.some((pod) => pod.status?.phase === 'Succeeded')).toBe(true);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'tilt up live-updates an edited source file into the running container: no new pod, no image build',
    async () => {
      const [before] = await gatewayPods();
      const uid = before!.metadata!.uid;
      const serverFlags = await tiltServerFlags();
      tiltUp = spawn(tiltBin, ['up', '--file', 'Tiltfile', ...serverFlags, '--stream'], {
        cwd: work,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      for (const stream of [tiltUp.stdout!, tiltUp.stderr!])
        stream.on('data', (chunk: Buffer) => (tiltUpLog += chunk.toString()));
      // `tilt up` builds and deploys once on start (the layers are cached, the
      // tag is new, so the pod is replaced): wait until Tilt calls that done
      // and its pod alone serves, then edit. (Editing while the tilt ci pod
      // still served put the edit into that first build: no live update.)
      await eventually('tilt up loaded the Tiltfile', 120_000, async () =>
        (await tilt(['get', ...serverFlags, 'uiresource/all'], 10_000).catch(() => undefined))
          ? true
          : undefined,
      );
      await tilt(
        ['wait', ...serverFlags, '--for=condition=Ready', 'uiresource/all', '--timeout=15m'],
        16 * 60_000,
      );
      await eventually('tilt up deployed and the gateway answers', 15 * 60_000, async () => {
        const pods = await gatewayPods();
        const ready = pods.filter((pod) =>
          pod.status?.conditions?.some(
            (condition) => condition.type === 'Ready' && condition.status === 'True',
          ),
        );
        if (ready.length !== 1 || pods.length !== 1) return undefined;
        return (await healthz()).status === 'ok' ? true : undefined;
      });
      const [served] = await gatewayPods();
      const servedUid = served!.metadata!.uid;
      const servedImage = served!.spec!.containers[0]!.image;
      figures.podReplacedByTiltUp = servedUid !== uid;

      const file = path.join(work, EDITED_FILE);
      const source = fs.readFileSync(file, 'utf8');
      expect(source).toContain(HEALTHZ_BEFORE);
      const edited = Date.now();
      fs.writeFileSync(
        file,
        source.replace(HEALTHZ_BEFORE, "koa.body = { status: 'ok', liveUpdated: true };"),
      );

      const answer = await eventually(
        'the edit served by the running container',
        180_000,
        async () => {
          const body = await healthz();
          return body.liveUpdated === true ? body : undefined;
        },
        500,
      ).catch((error: Error) => {
        // Tilt's own account of the update shows why it did not arrive.
        throw new Error(`${error.message}\ntilt up's log ends:\n${tiltUpLog.slice(-6000)}`);
      });
      figures.liveUpdateSeconds = Math.round((Date.now() - edited) / 100) / 10;
      expect(answer).toEqual({ status: 'ok', liveUpdated: true });
      const after = await gatewayPods();
      // The same pod, the same image, the same container (node restarted inside it).
      expect(after.map((pod) => pod.metadata!.uid)).toEqual([servedUid]);
      expect(after[0]!.spec!.containers[0]!.image).toBe(servedImage);
      expect(after[0]!.status!.containerStatuses![0]!.restartCount).toBe(
        served!.status!.containerStatuses![0]!.restartCount,
      );
      expect(tiltUpLog).toMatch(/Will copy 1 file\(s\) to container/);
    },
    BUILD_TIMEOUT_MS,
  );

  it('tilt down removes the workloads and keeps the platform, the Plans and the CRDs', async () => {
    tiltUp?.kill('SIGTERM');
    tiltUp = undefined;
    await tilt(['down', '--file', 'Tiltfile'], 300_000);
    await eventually('the workloads gone', 180_000, async () =>
      (await gatewayPods()).length === 0 ? true : undefined,
    );
    // tilt.dev/down-policy: keep (the Tiltfile sets it): the operator is gone,
    // so deleting them would hang on their finalizers.
    const kept = await kubectl(['get', 'streamhubplatforms,plans', '-n', namespace, '-o', 'name']);
    expect(kept.split('\n').filter(Boolean).length).toBe(4);
  }, 400_000);

  it('cleans up: the kept objects, the namespace, the servers and the cluster', async () => {
    // What an operator would do by hand with no operator running: drop the finalizers.
    for (const name of (await kubectl(['get', 'streamhubplatforms,plans', '-n', namespace, '-o', 'name']))
      .split('\n')
      .filter(Boolean))
      await kubectl([
        'patch',
        name,
        '-n',
        namespace,
        '--type=merge',
        '-p',
        '{"metadata":{"finalizers":null}}',
      ]);
    await kubectl(['delete', 'namespace', namespace, '--wait=true', '--timeout=180s']);
    await servers?.stop();
    servers = undefined;
    await stack('cluster', 'down');
    expect(fs.existsSync('/sys/class/net/cni0')).toBe(false);
  }, 400_000);
});
