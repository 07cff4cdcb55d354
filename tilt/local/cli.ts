// `npm start`, `npm test` and `npm run stack -- <command>`: the local stack
// for a machine without Docker. See tilt/local/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appEntry, requireAppBuild, runMigrations, startChild, waitReady } from './app';
import { buildAndImportAppImages } from './cluster/app-image';
import {
  buildCluster,
  clusterBuildsMissing,
  clusterDown,
  clusterStatus,
  clusterUp,
  defaultClusterLayout,
} from './cluster/cluster';
import { findRepoRoot } from './cluster/layout';
import { startClusterServers } from './cluster/servers';
import { buildTiltImage } from './cluster/tilt-image';
import { writeTiltValues } from './cluster/tilt-values';
import { ensureKafka } from './install/kafka';
import { ensureHadolint } from './install/hadolint';
import { ensureHelm, ensureKubeconform, ensureTilt } from './install/kube-tools';
import { ensureEtcd, ensureKubeApiserver } from './install/kubernetes';
import { ensureJaeger } from './install/jaeger';
import { ensureMailpit } from './install/mailpit';
import { ensurePromtool } from './install/promtool';
import { ensureMinio } from './install/minio';
import { ensurePostgres } from './install/postgres';
import { ensureRedis } from './install/redis';
import { ensureSchemathesis } from './install/schemathesis';
import { ensureTemporal } from './install/temporal';
import { ensureTmux } from './install/tmux';
import { ensureTemporalTestServer } from './install/temporal-test-server';
import { HOST, resolvePorts } from './ports';
import { note, step } from './progress';
import { startStack, type Stack } from './stack';
import { checkUsageDrift } from './usage-check';
import { jaegerUiUrl } from './servers/jaeger';
import { mailpitUiUrl } from './servers/mailpit';
import { closingLineOf } from './test-count';
import { startTestRun, type TestRun } from './test-run';
import { cacheDir } from './versions';
import { WORKFLOW_BUNDLE_ENV, WORKFLOW_BUNDLE_PATH } from '../../workflows/workflow-source';

// dist/tilt/local/cli.js -> the repository root.
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const RUNTIME_DIR = path.join(REPO_ROOT, '.streamhub');
const HTTP_PORT = 8080;
const GRPC_PORT = 9090;
const READY_TIMEOUT_MS = 60_000;

const USAGE = `usage: node dist/tilt/local/cli.js <command>

  up                 start the servers, migrate, run the app (npm start)
  servers [--kubernetes]
                     start only the servers (with --kubernetes also etcd and a
                     kube-apiserver); keep them until Ctrl-C; the environment
                     of a test run of their own is written to .streamhub/test-env.sh
  test [jest args]   start (or reuse) the servers and the kube-apiserver, build
                     helm, kubeconform and tilt, create this run's own database,
                     bucket, topics and keys, migrate, run jest, remove them (npm test)
  unit [jest args]   the unit tests only: no server (builds helm and promtool once for the chart's tests)
  install            install or build what is missing, start nothing
  cluster up|down [--purge]|status|image [--no-cache]|build|cached|test [jest args]
                     a one-node Kubernetes cluster (etcd, API server, controller-
                     manager, scheduler, containerd, kubelet, kube-proxy) of its
                     own in .streamhub/cluster; up returns and leaves it running;
                     down stops it (--purge also deletes its state); image builds
                     the Dockerfile (release and dev) with buildah on a locally
                     made Debian + Node 20 base and imports it; as root.
                     build: build its programs, start nothing; cached: exit 0
                     when every program is built already (.ci/run asks);
                     test: its suites, helm install and Tilt on the node (npm run test:cluster)
  cluster servers    the servers a Tilt dev loop on that cluster uses (Postgres,
                     Redis, Kafka, MinIO, Temporal, Mailpit on 10.244.0.1), until
                     Ctrl-C; writes their chart values to .streamhub/cluster/tilt-values.yaml
  cluster tilt-image REF
                     Tilt's image build on that cluster (image_builder: buildah):
                     the dev stage from the work tree, pushed to its registry as REF

Runtime data and logs: ${RUNTIME_DIR}
Cached builds:        ${cacheDir()}
`;

// The first Ctrl-C (or SIGTERM) stops things in order; a second one gives up
// waiting. Process exit handlers still send SIGTERM to what we started.
let interrupted = false;

function interruption(): { signal: AbortSignal; happened: Promise<void> } {
  const controller = new AbortController();
  // Waiting on a promise does not keep Node running; when every server was
  // reused there is no child handle either, so hold the process open.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const happened = new Promise<void>((resolve) => {
    const onSignal = (name: NodeJS.Signals) => {
      if (controller.signal.aborted) {
        note(`${name} again: exiting without waiting`);
        process.exit(130);
      }
      note(`${name}: stopping (press Ctrl-C again to exit without waiting)`);
      interrupted = true;
      clearInterval(keepAlive);
      controller.abort();
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return { signal: controller.signal, happened };
}

function printEnv(env: Record<string, string>): void {
  process.stdout.write(
    `\nEnvironment (for running jest or the app by hand):\n${Object.entries(env)
      .map(([k, v]) => `  export ${k}=${v}`)
      .join('\n')}\n`,
  );
}

function printSummary(stack: Stack): void {
  process.stdout.write(`\nServers:\n${stack.summary.map((line) => `  ${line}`).join('\n')}\n`);
}

async function up(): Promise<number> {
  const entry = appEntry(REPO_ROOT);
  requireAppBuild(entry);
  const stop = interruption();
  const stack = await startStack({ runtimeDir: RUNTIME_DIR, signal: stop.signal });
  try {
    await step('migrations', () =>
      runMigrations(entry, { ...process.env, ...stack.env }, REPO_ROOT, stop.signal),
    );
    // One copy of every target per core (node:cluster, docs/decisions.md "Process model"), unless set.
    const workers = process.env.CLUSTER_WORKERS ?? String(os.availableParallelism());
    const app = startChild(
      process.execPath,
      [entry, '--target=all'],
      {
        ...process.env,
        ...stack.env,
        HTTP_PORT: String(HTTP_PORT),
        GRPC_PORT: String(GRPC_PORT),
        CLUSTER_WORKERS: workers,
      },
      REPO_ROOT,
    );
    try {
      const gateway = `http://${HOST}:${HTTP_PORT}`;
      await step('app ready', () => waitReady(`${gateway}/readyz`, app, READY_TIMEOUT_MS, stop.signal));
      const ports = resolvePorts();
      process.stdout.write(
        [
          '',
          'StreamHub is running:',
          `  gateway        ${gateway}   (API docs ${gateway}/docs)`,
          `  processes      ${workers} (every target in each; CLUSTER_WORKERS)`,
          `  gRPC           ${HOST}:${GRPC_PORT}`,
          `  Temporal UI    http://${HOST}:${ports.temporalUi}`,
          `  Mailpit        ${mailpitUiUrl(ports.mailpitUi)}   (every mail sent; SMTP ${stack.env.SMTP_URL})`,
          `  Jaeger         ${jaegerUiUrl(ports.jaegerUi)}/api/traces?service=streamhub   (the app's traces; OTLP in at ${stack.env.OTEL_EXPORTER_OTLP_ENDPOINT})`,
          `  MinIO console  http://${HOST}:${ports.minioConsole}   (user ${stack.env.S3_ACCESS_KEY}, password ${stack.env.S3_SECRET_KEY})`,
          `  Postgres       ${stack.env.DATABASE_URL}`,
          `  Redis          ${stack.env.REDIS_URL}`,
          `  Kafka          ${stack.env.KAFKA_BROKERS}`,
          `  runtime data   ${RUNTIME_DIR}   (logs in ${path.join(RUNTIME_DIR, 'logs')})`,
          '',
          'Press Ctrl-C to stop the app and the servers this run started.',
          '',
        ].join('\n'),
      );
      printSummary(stack);
      const exitedAlone = await Promise.race([
        app.exited.then((code) => code),
        stop.happened.then(() => undefined),
      ]);
      if (exitedAlone !== undefined) {
        note(`the app exited on its own (code ${exitedAlone}); stopping the servers`);
        return exitedAlone === 0 ? 1 : exitedAlone; // an app that stops unasked has failed
      }
      return 0;
    } finally {
      await step('stop app', () => app.stop());
    }
  } finally {
    await stack.stopOwned();
  }
}

async function servers(args: string[]): Promise<number> {
  const stop = interruption();
  const kubernetes = args.includes('--kubernetes');
  const tools = kubernetes ? await testTools(stop.signal) : {};
  const stack = await startStack({ runtimeDir: RUNTIME_DIR, signal: stop.signal, kubernetes });
  printSummary(stack);
  printEnv(stack.env);
  // The same environment `npm test` gives jest, for running one test file by
  // hand: a test run of its own, migrated, removed at Ctrl-C.
  const entry = appEntry(REPO_ROOT);
  requireAppBuild(entry);
  const run = await step('test run', () => startTestRun(stack.env, RUNTIME_DIR));
  const testEnvFile = path.join(RUNTIME_DIR, 'test-env.sh');
  const testEnv = { ...testEnvironment(run, await ensureTemporalTestServer(stop.signal)), ...tools };
  await step(`migrations (${run.names.database})`, () =>
    runMigrations(entry, { ...process.env, ...testEnv }, REPO_ROOT, stop.signal),
  );
  fs.writeFileSync(
    testEnvFile,
    Object.entries(testEnv)
      .map(([k, v]) => `export ${k}=${v}\n`)
      .join(''),
  );
  process.stdout.write(
    `\nThe servers run until Ctrl-C. Runtime data and logs: ${RUNTIME_DIR}\n` +
      `To run tests by hand: set -a; . ${testEnvFile}; set +a; npx jest <paths>\n`,
  );
  await stop.happened;
  fs.rmSync(testEnvFile, { force: true });
  await step(`remove test run ${run.names.id}`, () => run.dispose());
  await stack.stopOwned();
  return 0;
}

// What jest's environment adds to the stack's: the run's own slice of the
// servers (tilt/local/test-run.ts), and the paths of the programs the tests run.
function testEnvironment(run: TestRun, temporalTestServer: string): Record<string, string> {
  return {
    ...run.env,
    STREAMHUB_TEST_STACK: '1',
    // Workflow tests start their own time-skipping server from this script.
    TEMPORAL_TEST_SERVER_PATH: temporalTestServer,
    // The OTP tests read the mail they caused through Mailpit's API.
    MAILPIT_URL: mailpitUiUrl(resolvePorts().mailpitUi),
    // The tracing tests find the spans the app sent through Jaeger's query API.
    JAEGER_QUERY_URL: jaegerUiUrl(resolvePorts().jaegerUi),
    // The workflow bundle `npm run build` just wrote from the same sources.
    [WORKFLOW_BUNDLE_ENV]: WORKFLOW_BUNDLE_PATH,
  };
}

// Built once and cached; tests get their paths from the environment.
async function testTools(signal: AbortSignal): Promise<Record<string, string>> {
  const [etcdBin, kubeApiserverBin, helm, kubeconform, tilt, hadolint, schemathesis, promtool, tmux] =
    await Promise.all([
      ensureEtcd(signal),
      ensureKubeApiserver(signal),
      ensureHelm(signal),
      ensureKubeconform(signal),
      ensureTilt(signal),
      ensureHadolint(signal),
      ensureSchemathesis(signal),
      ensurePromtool(signal),
      ensureTmux(),
    ]);
  return {
    ETCD_BIN: etcdBin,
    KUBE_APISERVER_BIN: kubeApiserverBin,
    HELM_BIN: helm,
    KUBECONFORM_BIN: kubeconform,
    TILT_BIN: tilt,
    HADOLINT_BIN: hadolint,
    SCHEMATHESIS_BIN: schemathesis,
    PROMTOOL_BIN: promtool,
    TMUX_BIN: tmux,
  };
}

async function test(jestArgs: string[]): Promise<number> {
  const entry = appEntry(REPO_ROOT);
  requireAppBuild(entry);
  const stop = interruption();
  // Before the servers, so a failed fetch or build starts (and stops) nothing.
  const testServer = await ensureTemporalTestServer(stop.signal);
  const tools = await testTools(stop.signal);
  const stack = await startStack({ runtimeDir: RUNTIME_DIR, signal: stop.signal, kubernetes: true });
  const resultsFile = jestResultsFile();
  try {
    const run = await step('test run', () => startTestRun(stack.env, RUNTIME_DIR));
    try {
      note(
        `test run ${run.names.id}: database ${run.names.database}, bucket ${run.names.bucket}, topics ${run.names.topicPrefix}*, Temporal namespace ${run.env.TEMPORAL_NAMESPACE}`,
      );
      const env = { ...process.env, ...testEnvironment(run, testServer), ...tools };
      await step(`migrations (${run.names.database})`, () =>
        runMigrations(entry, env, REPO_ROOT, stop.signal),
      );
      const jestCode = await runJest(jestArgs, env, stop, resultsFile);
      // What the tests left must reconcile: drift fails the run (docs/usage-reconciliation.md).
      await step('usage reconciliation (zero drift)', () =>
        checkUsageDrift(entry, env, REPO_ROOT, stop.signal),
      );
      return jestCode;
    } finally {
      await step(`remove test run ${run.names.id}`, () => run.dispose());
    }
  } finally {
    await stack.stopOwned();
    // Last, so the run's output ends with its count.
    console.log(closingLineOf(resultsFile));
  }
}

// Each run its own file: a test run may go on beside another (npm test beside npm start's).
function jestResultsFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'streamhub-jest-')), 'results.json');
}

// Unit tests need no server, but the chart's call helm and promtool (built once, cached).
async function unit(jestArgs: string[]): Promise<number> {
  const stop = interruption();
  const [helm, promtool] = await Promise.all([ensureHelm(stop.signal), ensurePromtool(stop.signal)]);
  const env = { ...process.env, HELM_BIN: helm, PROMTOOL_BIN: promtool };
  // The paths first: --selectProjects takes every word after it as a project name.
  return runJestThenCount([...jestArgs, '--selectProjects', 'unit'], env, stop);
}

/** A jest run that ends its output with the plain count line (tilt/local/test-count.ts). */
async function runJestThenCount(
  jestArgs: string[],
  env: NodeJS.ProcessEnv,
  stop: ReturnType<typeof interruption>,
): Promise<number> {
  const resultsFile = jestResultsFile();
  const code = await runJest(jestArgs, env, stop, resultsFile);
  console.log(closingLineOf(resultsFile));
  return code;
}

async function runJest(
  jestArgs: string[],
  env: NodeJS.ProcessEnv,
  stop: ReturnType<typeof interruption>,
  resultsFile: string,
): Promise<number> {
  const jest = startChild(
    process.execPath,
    // --forceExit: a suite that fails in beforeAll can leave its app's
    // connections open, and jest would then wait for them forever after
    // printing the results; the run must end (CI has a time limit).
    [
      path.join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--runInBand',
      '--forceExit',
      // The counts for the closing line (the usual output still goes to the terminal).
      '--json',
      `--outputFile=${resultsFile}`,
      ...jestArgs,
    ],
    env,
    REPO_ROOT,
  );
  const code = await Promise.race([jest.exited, stop.happened.then(() => undefined)]);
  if (code === undefined) {
    await jest.stop();
    return 130;
  }
  return code;
}

async function install(): Promise<number> {
  // One Maven run at a time: both write to the same ~/.m2.
  const kafkaThenTestServer = ensureKafka().then(async (dir) => [dir, await ensureTemporalTestServer()]);
  const found = await Promise.all([
    ensurePostgres().then((dir) => `postgres  ${dir}`),
    ensureRedis().then((bin) => `redis     ${bin}`),
    kafkaThenTestServer.then(([dir]) => `kafka     ${dir}`),
    ensureMinio().then((bin) => `minio     ${bin}`),
    ensureMailpit().then((bin) => `mailpit   ${bin}`),
    ensureJaeger().then((bin) => `jaeger    ${bin}`),
    ensureTemporal().then((bin) => `temporal  ${bin}`),
    kafkaThenTestServer.then(([, script]) => `temporal test server (time-skipping)  ${script}`),
  ]);
  // After the others: the API server's build wants most of the machine.
  const tools = await testTools(new AbortController().signal);
  found.push(...Object.entries(tools).map(([name, bin]) => `${name.padEnd(18)} ${bin}`));
  process.stdout.write(`\nInstalled:\n${found.map((line) => `  ${line}`).join('\n')}\n`);
  return 0;
}

// The cluster's suites (npm run test:cluster): each brings up and takes down
// what it needs, so this only runs jest and ends with the plain count line.
async function clusterTest(jestArgs: string[]): Promise<number> {
  const config = path.join(REPO_ROOT, 'tilt', 'local', 'cluster', 'jest.config.json');
  return runJestThenCount(['--config', config, ...jestArgs], process.env, interruption());
}

// The local cluster (tilt/local/cluster, docs/local-cluster.md).
async function cluster(args: string[]): Promise<number> {
  const [action, ...options] = args;
  switch (action) {
    case 'up': {
      const parts = await clusterUp();
      process.stdout.write(
        `\nCluster up. kubectl: export KUBECONFIG=${parts.layout.adminKubeconfig}\n` +
          `Stop it: npm run stack -- cluster down\n`,
      );
      return 0;
    }
    case 'down':
      await clusterDown(undefined, { purge: options.includes('--purge') });
      return 0;
    case 'status':
      process.stdout.write(`${(await clusterStatus()).join('\n')}\n`);
      return 0;
    case 'build':
      await buildCluster();
      return 0;
    case 'test':
      return clusterTest(options);
    case 'cached': {
      const missing = await clusterBuildsMissing();
      process.stdout.write(
        missing.length === 0 ? 'every cluster program is built\n' : `not built yet: ${missing.join('; ')}\n`,
      );
      return missing.length === 0 ? 0 : 1;
    }
    case 'servers': {
      // The servers a Tilt dev loop on the node uses, until Ctrl-C.
      const stop = interruption();
      const layout = defaultClusterLayout();
      const servers = await startClusterServers(layout);
      try {
        const file = writeTiltValues(layout, servers);
        process.stdout.write(
          `\nThe cluster's servers run on ${servers.host} until Ctrl-C.\n` +
            `Chart values for them: ${file} (tilt/settings.local-node.yaml uses it).\n`,
        );
        await stop.happened;
      } finally {
        await servers.stop();
      }
      return 0;
    }
    case 'tilt-image': {
      const [ref] = options;
      if (!ref) {
        process.stderr.write('usage: cluster tilt-image REF (the Tiltfile passes $EXPECTED_REF)\n');
        return 2;
      }
      // The tree Tilt runs the build in (its Tiltfile's directory), which need
      // not be the one this CLI was built in (a worktree, the test's copy).
      await buildTiltImage(defaultClusterLayout(), findRepoRoot([process.cwd()]), ref);
      return 0;
    }
    case 'image': {
      const built = await buildAndImportAppImages(defaultClusterLayout(), findRepoRoot(), {
        noCache: options.includes('--no-cache'),
      });
      for (const build of built.builds) process.stdout.write(`${build.image}: built in ${build.seconds}s\n`);
      process.stdout.write(`release image: ${(built.releaseBytes / 1e6).toFixed(0)} MB\n`);
      return 0;
    }
    default:
      process.stderr.write(USAGE);
      return 2;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'up':
      return up();
    case 'servers':
      return servers(rest);
    case 'test':
      return test(rest);
    case 'unit':
      return unit(rest);
    case 'install':
      return install();
    case 'cluster':
      return cluster(rest);
    default:
      process.stderr.write(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (interrupted) process.exit(130); // what was started has been stopped
    process.stderr.write(`\nerror: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
