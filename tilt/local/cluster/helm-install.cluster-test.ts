// StreamHub on the local cluster, as an operator of the platform would run
// it: the image built from the Dockerfile (buildah, on a base made here) and
// imported, servers of the cluster's own on the bridge address, the chart
// installed in production mode (no quick-start server, every credential from
// an existing Secret), then the REST flow through the gateway's Service,
// an upgrade to split mode, a killed gateway pod, and an uninstall that
// keeps the data. Run by `npm run test:cluster` (as root) after
// cluster.cluster-test.ts; it leaves the cluster down.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ApiextensionsV1Api,
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type V1Pod,
} from '@kubernetes/client-node';
import { Client as MinioClient } from 'minio';
import pg from 'pg';
import { ensureHelm } from '../install/kube-tools';
import { APP_IMAGES } from './app-image';
import { clusterLayout } from './layout';
import { eventually, repoRoot, stack, untilServiceAnswers } from './testing/cluster-test-support';
import { describeUnreadyPods, isReady } from './testing/unready-pods';
import { startClusterServers, type ClusterServers } from './servers';

const run = promisify(execFile);

const layout = clusterLayout(repoRoot);
const chart = path.join(repoRoot, 'charts', 'streamhub');

const RELEASE = 'streamhub';
// The chart's fullname: a release name that contains the chart's name is used alone.
const FULLNAME = RELEASE;
const BUILD_TIMEOUT_MS = 40 * 60_000; // a first run makes the base and runs npm ci
const INSTALL_TIMEOUT_MS = 10 * 60_000;
// helm's wait and the pods' wait end before the test's timeout, so a failure
// reports which pods were not Ready instead of jest's bare timeout.
const HELM_WAIT = '6m';
const POD_READY_TIMEOUT_MS = 2 * 60_000;
const PASSWORD = 'correct horse battery';

function readyConditionOf(object: { status?: { conditions?: { type: string; status: string }[] } }) {
  return object.status?.conditions?.find((condition) => condition.type === 'Ready')?.status;
}

// The fields of the API's answers this test reads (docs/api.md).
interface ApiBody {
  accessToken?: string;
  status?: string;
  size?: number;
  url?: string;
  items?: { id: string }[];
  file?: { id: string; status: string };
  upload?: { url: string; headers: Record<string, string> };
}

// What the report asks for, printed at the end.
const figures: Record<string, unknown> = {};

describe('StreamHub installed by helm on the local cluster', () => {
  const namespace = `helm-test-${randomUUID().slice(0, 8)}`;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let custom: CustomObjectsApi;
  let coordination: CoordinationV1Api;
  let extensions: ApiextensionsV1Api;
  let helmBin: string;
  let servers: ClusterServers | undefined;
  let valuesDir: string;
  let gatewayUrl: string;
  let token: string;
  let email: string;
  const uploaded: { id: string; bytes: Buffer }[] = [];

  async function helm(...args: string[]): Promise<string> {
    try {
      const { stdout, stderr } = await run(helmBin, [...args, '--namespace', namespace], {
        env: { ...process.env, KUBECONFIG: layout.adminKubeconfig },
        maxBuffer: 16 * 1024 * 1024,
      });
      return `${stdout}${stderr}`;
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`helm ${args.join(' ')} failed:\n${stdout}${stderr}`);
    }
  }

  beforeAll(async () => {
    await stack('cluster', 'up');
    const config = new KubeConfig();
    config.loadFromFile(layout.adminKubeconfig);
    core = config.makeApiClient(CoreV1Api);
    apps = config.makeApiClient(AppsV1Api);
    custom = config.makeApiClient(CustomObjectsApi);
    coordination = config.makeApiClient(CoordinationV1Api);
    extensions = config.makeApiClient(ApiextensionsV1Api);
    const built = Date.now();
    process.stdout.write(await stack('cluster', 'image'));
    figures.imageBuildAndImportSeconds = Math.round((Date.now() - built) / 1000);
    helmBin = await ensureHelm();
    servers = await startClusterServers(layout);
    valuesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamhub-helm-'));
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    // The Secrets an operator of the platform creates before installing (docs/helm.md).
    const secrets: Record<string, Record<string, string>> = {
      'streamhub-database': { DATABASE_URL: servers.databaseUrl },
      'streamhub-redis': { REDIS_URL: servers.redisUrl },
      'streamhub-smtp': { SMTP_URL: servers.smtpUrl },
      'streamhub-s3': { S3_ACCESS_KEY: servers.s3AccessKey, S3_SECRET_KEY: servers.s3SecretKey },
    };
    for (const [name, stringData] of Object.entries(secrets))
      await core.createNamespacedSecret({ namespace, body: { metadata: { name }, stringData } });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    process.stdout.write(`\nfigures: ${JSON.stringify(figures, null, 2)}\n`);
    if (valuesDir) fs.rmSync(valuesDir, { recursive: true, force: true });
    await servers?.stop();
  }, 120_000);

  // The production values (charts/streamhub/ci/production.yaml's shape) for
  // this cluster: the imported image, the cluster's servers, two operators.
  function writeValues(mode: 'all' | 'split'): string {
    if (!servers) throw new Error('servers not started');
    const [registry, repository] = [
      path.posix.dirname(APP_IMAGES.release.split(':')[0]!),
      path.posix.basename(APP_IMAGES.release.split(':')[0]!),
    ];
    const oneReplica = { replicas: 1 };
    const values = {
      mode,
      image: { registry, repository, tag: APP_IMAGES.release.split(':')[1], pullPolicy: 'Never' },
      quickstart: { enabled: false },
      external: {
        database: { existingSecret: 'streamhub-database' },
        redis: { existingSecret: 'streamhub-redis' },
        smtp: { existingSecret: 'streamhub-smtp' },
        kafka: { brokers: servers.kafkaBrokers },
        s3: {
          endpoint: servers.s3Endpoint,
          // The test client follows presigned URLs from the host: same address.
          publicEndpoint: servers.s3Endpoint,
          existingSecret: 'streamhub-s3',
        },
        temporal: { address: servers.temporalAddress, uiUrl: servers.temporalUiUrl },
      },
      config: { s3Region: servers.s3Region },
      // Two cores: one replica of each target but the gateway (two, for the
      // pod-kill test) and the operator (two, leader election).
      targets: {
        gateway: { replicas: 2 },
        auth: oneReplica,
        billing: oneReplica,
        files: oneReplica,
        storage: oneReplica,
        worker: oneReplica,
        operator: { replicas: 2 },
      },
    };
    const file = path.join(valuesDir, `values-${mode}.json`);
    fs.writeFileSync(file, JSON.stringify(values, null, 2)); // JSON is YAML
    return file;
  }

  async function podsOfRelease(): Promise<V1Pod[]> {
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: `app.kubernetes.io/instance=${RELEASE}`,
    });
    return pods.items;
  }

  async function allPodsReady(): Promise<V1Pod[]> {
    return eventually('every pod of the release Ready', POD_READY_TIMEOUT_MS, async () => {
      const pods = (await podsOfRelease()).filter((pod) => pod.status?.phase !== 'Succeeded');
      const live = pods.filter((pod) => pod.metadata?.deletionTimestamp === undefined);
      return live.length > 0 && live.every(isReady) && live.length === pods.length ? live : undefined;
    });
  }

  /**
   * helm install/upgrade --wait, then every pod of the release Ready. If
   * either fails, the error says which pods were not Ready and why.
   */
  async function helmUntilAllPodsReady(
    action: 'install' | 'upgrade',
    mode: 'all' | 'split',
  ): Promise<V1Pod[]> {
    try {
      await helm(action, RELEASE, chart, '--values', writeValues(mode), '--wait', '--timeout', HELM_WAIT);
      return await allPodsReady();
    } catch (error) {
      const report = await describeUnreadyPods(core, namespace).catch((failure: Error) => failure.message);
      throw new Error(`${(error as Error).message}\n\npods not Ready:\n${report}`);
    }
  }

  // The latest Ready transition among the pods, seconds after `since`.
  function secondsToLastReady(pods: V1Pod[], since: number): number {
    const last = Math.max(
      ...pods.map((pod) =>
        new Date(
          pod.status!.conditions!.find((condition) => condition.type === 'Ready')!.lastTransitionTime!,
        ).getTime(),
      ),
    );
    return Math.round((last - since) / 100) / 10;
  }

  async function serviceUrl(name: string): Promise<string> {
    const service = await core.readNamespacedService({ namespace, name });
    const url = `http://${service.spec!.clusterIP!}:8080`;
    // Before fetch() keeps a connection to it alive: see getOnNewConnection.
    await untilServiceAnswers(`${url}/healthz`, 60_000);
    return url;
  }

  async function api(method: string, route: string, body?: unknown, accessToken = token) {
    const response = await fetch(`${gatewayUrl}${route}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '') && text !== '';
    const json = (isJson ? JSON.parse(text) : {}) as ApiBody;
    return { status: response.status, body: json };
  }

  // Upload (presigned PUT, confirmed by MinIO's event through Kafka and the
  // ingest service: no POST .../complete), list, download, trash.
  async function restFlow(label: string): Promise<void> {
    const bytes = randomBytes(64 * 1024 + Math.floor(Math.random() * 1024));
    const confirmed = await uploadConfirmedByEvent(`${label}-${randomUUID().slice(0, 8)}.bin`, bytes);
    const fileId = confirmed.fileId;
    figures[`${label}UploadConfirmationSeconds`] = confirmed.seconds;

    const listed = await api('GET', '/v1/files?limit=100');
    expect(listed.status).toBe(200);
    expect(listed.body.items!.map((item) => item.id)).toContain(fileId);

    const download = await api('GET', `/v1/files/${fileId}/download?redirect=false`);
    expect(download.status).toBe(200);
    const got = Buffer.from(await (await fetch(download.body.url!)).arrayBuffer());
    expect(got.equals(bytes)).toBe(true);

    const trashed = await api('DELETE', `/v1/files/${fileId}`);
    expect(trashed.status).toBe(202);
    expect(trashed.body.file?.status).toBe('trashed');
    const trash = await api('GET', '/v1/trash');
    expect(trash.body.items!.map((item) => item.id)).toContain(fileId);

    // One file stays, for the uninstall check.
    const kept = await uploadConfirmedByEvent(`${label}-kept.bin`, bytes);
    uploaded.push({ id: kept.fileId, bytes });
  }

  // Creates the upload, PUTs the bytes to MinIO's presigned URL, and waits
  // for `ready`, which only the storage event can bring (no complete call).
  async function uploadConfirmedByEvent(name: string, bytes: Buffer) {
    const created = await api('POST', '/v1/uploads', {
      name,
      size: bytes.length,
      contentType: 'application/octet-stream',
    });
    expect(created.status).toBe(201);
    const fileId = created.body.file!.id;
    const uploadUrl = created.body.upload!.url;
    expect(uploadUrl.startsWith(servers!.s3Endpoint)).toBe(true);
    const put = await fetch(uploadUrl, { method: 'PUT', headers: created.body.upload!.headers, body: bytes });
    expect(put.status).toBe(200);
    const putEnded = Date.now();
    const ready = await eventually(
      `file ${fileId} ready from the storage event`,
      120_000,
      async () => {
        const file = await api('GET', `/v1/files/${fileId}`);
        return file.body.status === 'ready' ? file.body : undefined;
      },
      250,
    );
    expect(ready.size).toBe(bytes.length);
    return { fileId, seconds: (Date.now() - putEnded) / 1000 };
  }

  async function memoryOfPods(): Promise<Record<string, number>> {
    const nodes = await core.listNode();
    const node = nodes.items[0]!.metadata!.name!;
    // The client parses the proxied JSON answer itself.
    const summary = (await core.connectGetNodeProxyWithPath({
      name: node,
      path: 'stats/summary',
    })) as unknown as {
      pods: { podRef: { name: string; namespace: string }; memory?: { workingSetBytes?: number } }[];
    };
    return Object.fromEntries(
      summary.pods
        .filter((pod) => pod.podRef.namespace === namespace)
        .map((pod) => [pod.podRef.name, Math.round((pod.memory?.workingSetBytes ?? 0) / 2 ** 20)]),
    );
  }

  it('runs the image: node --version in a pod, and the pod reaches every server', async () => {
    const script = [
      'const net = require("net");',
      `const ports = ${JSON.stringify([25432, 26379, 29092, 29000, 27233, 21025])};`,
      'console.log(process.version);',
      'Promise.all(ports.map((port) => new Promise((resolve) => {',
      `  const socket = net.connect({ host: ${JSON.stringify(servers!.host)}, port });`,
      '  socket.setTimeout(3000, () => { socket.destroy(); resolve(port + " timeout"); });',
      '  socket.on("connect", () => { socket.destroy(); resolve(port + " ok"); });',
      '  socket.on("error", (error) => resolve(port + " " + error.code));',
      '}))).then((lines) => console.log(lines.join("\\n")));',
    ].join('\n');
    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'node-version' },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'node',
              image: APP_IMAGES.release,
              imagePullPolicy: 'Never',
              command: ['node', '-e', script],
            },
          ],
        },
      },
    });
    await eventually('the node-version pod to finish', 120_000, async () => {
      const pod = await core.readNamespacedPod({ namespace, name: 'node-version' });
      if (pod.status?.phase === 'Failed') throw new Error('the pod failed');
      return pod.status?.phase === 'Succeeded' ? true : undefined;
    });
    const log = await core.readNamespacedPodLog({ namespace, name: 'node-version' });
    const lines = String(log).trim().split('\n');
    expect(lines[0]).toBe('v20.20.2');
    expect(lines.slice(1)).toEqual(['25432 ok', '26379 ok', '29092 ok', '29000 ok', '27233 ok', '21025 ok']);
    await core.deleteNamespacedPod({ namespace, name: 'node-version' });
  }, 180_000);

  it(
    'installs the chart in production mode: every pod Ready, the migrations hook Job complete',
    async () => {
      const started = Date.now();
      const pods = await helmUntilAllPodsReady('install', 'all');
      figures.installToAllPodsReadySeconds = secondsToLastReady(pods, started);
      figures.helmInstallWaitSeconds = Math.round((Date.now() - started) / 100) / 10;
      // The hook Job is deleted once it succeeded (hook-succeeded); its Completed event stays.
      const events = await core.listNamespacedEvent({ namespace });
      const completed = events.items.filter(
        (event) =>
          event.involvedObject.kind === 'Job' &&
          event.involvedObject.name === `${FULLNAME}-migrations` &&
          event.reason === 'Completed',
      );
      expect(completed.length).toBeGreaterThan(0);
      const db = new pg.Client({ connectionString: servers!.databaseUrl });
      await db.connect();
      try {
        const applied = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM knex_migrations');
        expect(applied.rows[0]!.n).toBeGreaterThan(0);
      } finally {
        await db.end();
      }
    },
    INSTALL_TIMEOUT_MS,
  );

  it('runs the operator with 2 replicas and one leader, and brings StreamHubPlatform and the Plans to Ready', async () => {
    const operator = await apps.readNamespacedDeployment({
      namespace,
      name: `${FULLNAME}-operator`,
    });
    expect(operator.status?.readyReplicas).toBe(2);
    const lease = await eventually('the operator Lease', 60_000, async () => {
      const leases = await fetchLeases();
      return leases.find((item) => item.holder);
    });
    const operatorPods = (await podsOfRelease()).filter(
      (pod) => pod.metadata?.labels?.['app.kubernetes.io/component'] === 'operator',
    );
    expect(operatorPods.map((pod) => pod.metadata?.name)).toContain(lease.holder);
    const started = Date.now();
    await eventually('StreamHubPlatform Ready', 180_000, async () => {
      const platform = (await custom.getNamespacedCustomObject({
        group: 'streamhub.io',
        version: 'v1alpha1',
        namespace,
        plural: 'streamhubplatforms',
        name: RELEASE,
      })) as { status?: { conditions?: { type: string; status: string }[] } };
      return readyConditionOf(platform) === 'True' ? true : undefined;
    });
    await eventually('every Plan Ready', 180_000, async () => {
      const plans = (await custom.listNamespacedCustomObject({
        group: 'streamhub.io',
        version: 'v1alpha1',
        namespace,
        plural: 'plans',
      })) as { items: { status?: { conditions?: { type: string; status: string }[] } }[] };
      return plans.items.length === 3 && plans.items.every((plan) => readyConditionOf(plan) === 'True')
        ? true
        : undefined;
    });
    figures.platformAndPlansReadyAfterInstallSeconds = Math.round((Date.now() - started) / 1000);
  }, 400_000);

  it('serves the REST flow through the gateway Service: sign up, upload confirmed by the storage event, list, download, trash', async () => {
    gatewayUrl = await serviceUrl(`${FULLNAME}-all`);
    email = `cluster-${randomUUID()}@example.test`;
    const signup = await api('POST', '/v1/auth/signup', { email, password: PASSWORD }, '');
    expect(signup.status).toBe(201);
    token = signup.body.accessToken!;
    await restFlow('all');
    // Idle memory of each pod (the kubelet's summary API, working set).
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    figures.idleMemoryMiBModeAll = await memoryOfPods();
  }, 300_000);

  it(
    'upgrades to split mode (one Deployment per target), and the same flow passes again',
    async () => {
      const started = Date.now();
      const pods = await helmUntilAllPodsReady('upgrade', 'split');
      figures.upgradeToAllPodsReadySeconds = secondsToLastReady(pods, started);
      const deployments = await apps.listNamespacedDeployment({ namespace });
      const names = deployments.items.map((deployment) => deployment.metadata!.name!).sort();
      expect(names).toEqual(
        [
          'admin',
          'auth',
          'billing',
          'chat',
          'files',
          'gateway',
          'ingest',
          'notifications',
          'operator',
          'storage',
          'worker',
        ]
          .map((target) => `${FULLNAME}-${target}`)
          .sort(),
      );
      gatewayUrl = await serviceUrl(`${FULLNAME}-gateway`);
      // The account made before the upgrade logs in again through the new gateway.
      const login = await api('POST', '/v1/auth/login', { email, password: PASSWORD }, '');
      expect(login.status).toBe(200);
      token = login.body.accessToken!;
      await restFlow('split');
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      figures.idleMemoryMiBModeSplit = await memoryOfPods();
    },
    INSTALL_TIMEOUT_MS,
  );

  it('replaces a killed gateway pod, losing no request beyond those in flight', async () => {
    const gatewayPods = (await podsOfRelease()).filter(
      (pod) => pod.metadata?.labels?.['app.kubernetes.io/component'] === 'gateway' && isReady(pod),
    );
    expect(gatewayPods).toHaveLength(2);
    const victim = gatewayPods[0]!.metadata!.name!;
    const concurrency = 4;
    let stop = false;
    let ok = 0;
    const failures: string[] = [];
    if (!gatewayUrl || !token) throw new Error('no gateway URL or token: the flow before failed');
    const worker = async () => {
      while (!stop) {
        try {
          const response = await fetch(`${gatewayUrl}/v1/files?limit=5`, {
            headers: { authorization: `Bearer ${token}` },
            signal: AbortSignal.timeout(5000),
          });
          await response.arrayBuffer();
          if (response.status === 200) ok += 1;
          else failures.push(`HTTP ${response.status}`);
        } catch (error) {
          failures.push((error as Error).message);
          // A refused connection fails at once: do not spin.
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    const workers = Array.from({ length: concurrency }, worker);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const okBefore = ok;
    // As a crash: no grace period, the container is killed at once.
    await core.deleteNamespacedPod({ namespace, name: victim, gracePeriodSeconds: 0 });
    const replacement = await eventually('a new Ready gateway pod', 180_000, async () => {
      const pods = (await podsOfRelease()).filter(
        (pod) =>
          pod.metadata?.labels?.['app.kubernetes.io/component'] === 'gateway' &&
          pod.metadata?.name !== victim &&
          isReady(pod),
      );
      return pods.length === 2 ? pods : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    stop = true;
    await Promise.all(workers);
    figures.gatewayKill = {
      requestsOk: ok,
      okBeforeKill: okBefore,
      failed: failures.length,
      failures: failures.slice(0, 10),
    };
    expect(replacement.map((pod) => pod.metadata?.name)).not.toContain(victim);
    expect(ok).toBeGreaterThan(okBefore);
    // At most the requests each client had in flight when the pod died.
    expect(failures.length).toBeLessThanOrEqual(concurrency);
  }, 300_000);

  it('leaves the data in place on helm uninstall', async () => {
    await helm('uninstall', RELEASE);
    await eventually('the release pods gone', 180_000, async () =>
      (await podsOfRelease()).length === 0 ? true : undefined,
    );
    // The chart's pre-delete hook deleted the StreamHubPlatform and the Plans
    // while the operator and billing still ran: none is left Terminating.
    expect(await customResourcesLeft()).toEqual([]);
    const db = new pg.Client({ connectionString: servers!.databaseUrl });
    await db.connect();
    try {
      const users = await db.query('SELECT id FROM auth.users WHERE email = $1', [email]);
      expect(users.rowCount).toBe(1);
      const files = await db.query('SELECT id FROM files.files WHERE id = ANY($1::uuid[])', [
        uploaded.map((file) => file.id),
      ]);
      expect(files.rowCount).toBe(uploaded.length);
      // The Plans' finalizer ran: billing has them retired (a new install brings them back).
      const plans = await db.query<{ slug: string; retired: boolean }>(
        "SELECT slug, retired_at IS NOT NULL AS retired FROM billing.plans WHERE slug IN ('free', 'plus', 'pro') ORDER BY slug",
      );
      expect(plans.rows).toEqual([
        { slug: 'free', retired: true },
        { slug: 'plus', retired: true },
        { slug: 'pro', retired: true },
      ]);
    } finally {
      await db.end();
    }
    const s3 = new URL(servers!.s3Endpoint);
    const minio = new MinioClient({
      endPoint: s3.hostname,
      port: Number(s3.port),
      useSSL: false,
      accessKey: servers!.s3AccessKey,
      secretKey: servers!.s3SecretKey,
      region: servers!.s3Region,
    });
    const objects: string[] = [];
    for await (const object of minio.listObjectsV2('streamhub', '', true))
      objects.push((object as { name: string }).name);
    for (const file of uploaded) expect(objects.some((name) => name.includes(file.id))).toBe(true);
    // Helm never deletes what crds/ installed.
    for (const name of ['streamhubplatforms.streamhub.io', 'plans.streamhub.io'])
      expect((await extensions.readCustomResourceDefinition({ name })).metadata?.name).toBe(name);
  }, 400_000);

  it('stops the servers and the cluster', async () => {
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    await servers?.stop();
    servers = undefined;
    await stack('cluster', 'down');
    expect(fs.existsSync('/sys/class/net/cni0')).toBe(false);
  }, 180_000);

  async function customResourcesLeft(): Promise<string[]> {
    const left: string[] = [];
    for (const plural of ['streamhubplatforms', 'plans']) {
      const list = (await custom.listNamespacedCustomObject({
        group: 'streamhub.io',
        version: 'v1alpha1',
        namespace,
        plural,
      })) as { items: { metadata: { name: string; finalizers?: string[] } }[] };
      for (const item of list.items)
        left.push(`${plural}/${item.metadata.name} (${(item.metadata.finalizers ?? []).join(', ')})`);
    }
    return left;
  }

  async function fetchLeases(): Promise<{ name: string; holder?: string }[]> {
    const leases = await coordination.listNamespacedLease({ namespace });
    return leases.items.map((item) => ({ name: item.metadata!.name!, holder: item.spec?.holderIdentity }));
  }
});
