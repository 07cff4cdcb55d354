// The benchmark runner: `node dist/bench/run.js [name ...] [--profile <row or name>]`.
// Starts (or reuses) the local servers, makes a test run of its own (a
// database, bucket, topics and keys that `npm start` never sees), migrates
// it, starts StreamHub in a process of its own the way `npm start` does, and
// drives it with external load generators (wrk, and bench/load/flow.ts as a
// child process): this process only seeds data and reads results. Prints the
// issue's table (now, today, target, ratio to /healthz), the app's RSS, and
// stops only what it started. See bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appEntry, requireAppBuild, runMigrations } from '../tilt/local/app';
import { ensureWrk } from '../tilt/local/install/wrk';
import { note, step } from '../tilt/local/progress';
import { startStack, type Stack } from '../tilt/local/stack';
import { startTestRun, type TestRun } from '../tilt/local/test-run';
import { startApp, workers, type AppProcess } from './app-process';
import { confirmLatency } from './confirm-latency';
import { formatSummary, readProfiles, summariseProfiles, type Window } from './cpuprofile';
import { hotPaths, measureHealthz } from './hot-paths';
import { listScaling } from './list-scaling';
import { putThroughput } from './put-throughput';
import { appRss, formatRss } from './rss';
import { sharedAccess } from './shared-access';
import { sharedWithMe } from './shared-with-me';
import { soak } from './soak';
import {
  createContext,
  LOAD,
  MIB,
  SMOKE,
  stopping,
  waitForIngestIdle,
  type Benchmark,
  type BenchContext,
  type ResultRow,
} from './support';
import { ISSUE_ROWS, issueTable, markdownTable, type RowId } from './table';
import { trashFolderPurge, trashPurge } from './trash-purge';
import { wsFanout } from './ws-fanout';

// dist/bench/run.js -> the repository root.
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const RUNTIME_DIR = path.join(REPO_ROOT, '.streamhub');

/** The issue's table, in its order; `npm run bench` with no name runs these. */
const DEFAULT_RUN = ['hot-paths', 'confirm-latency', 'trash-purge'];

const BENCHMARKS: Record<string, Benchmark> = {
  'hot-paths': hotPaths,
  'confirm-latency': confirmLatency,
  'trash-purge': trashPurge,
  'trash-folder': trashFolderPurge,
  'put-throughput': putThroughput,
  'list-scaling': listScaling,
  soak,
  'shared-access': sharedAccess,
  'shared-with-me': sharedWithMe,
  'ws-fanout': wsFanout,
};

/** Which benchmark measures each of the issue's rows (for --profile <row>). */
const BENCHMARK_OF_ROW: Record<RowId, string> = {
  healthz: 'hot-paths',
  me: 'hot-paths',
  list: 'hot-paths',
  search: 'hot-paths',
  get: 'hot-paths',
  download: 'hot-paths',
  uploads: 'confirm-latency',
  complete: 'confirm-latency',
  event: 'confirm-latency',
  delete: 'trash-purge',
  purge: 'trash-purge',
};

/** The app's settings for every benchmark, on top of the test run's. */
const APP_ENV: Record<string, string> = {
  // Each bench user sends its own X-Forwarded-For (its own rate-limit bucket).
  HTTP_TRUST_PROXY: 'true',
  // Every benchmark signs up users; the auth routes' limit must never answer 429.
  RATE_LIMIT_AUTH_MAX: '1000000',
  // A benchmark user creates uploads, folders and shares far faster than a person (150 uploads/s is the target).
  WRITE_RATE_UPLOADS_PER_MINUTE: '1000000',
  WRITE_RATE_FOLDERS_PER_MINUTE: '1000000',
  WRITE_RATE_SHARES_PER_MINUTE: '1000000',
  // 64 MiB is already a single PUT (size <= threshold); a higher threshold makes sure of it.
  MULTIPART_THRESHOLD_BYTES: String(128 * MIB),
  // One trash timer per user per second, so the purge benchmark waits seconds, not an hour.
  TRASH_BATCH_WINDOW_SECONDS: '1',
  // A long trash benchmark must not outlive its users' access tokens.
  ACCESS_TOKEN_TTL_SECONDS: '7200',
  // ws-fanout signs up 1,000 users; no row measures a login, so the hash cost only slows seeding.
  BCRYPT_COST: '4',
  // The figures are the app's own: no spans (npm start's environment sends them to Jaeger).
  // BENCH_TRACING=true measures with tracing on.
  OTEL_SDK_DISABLED: process.env.BENCH_TRACING === 'true' ? 'false' : 'true',
};

const USAGE = `usage: node dist/bench/run.js [name ...] [--profile <row or name>]
  names: ${Object.keys(BENCHMARKS).join(', ')}
         (none: ${DEFAULT_RUN.join(', ')}: every row of the issue's table)
  --profile <row or name>: run the app under node --cpu-prof for one row (or one
         benchmark) and print the 15 functions with the most self time during its
         measured load; rows: ${Object.keys(BENCHMARK_OF_ROW).join(', ')}
  env:   BENCH_DURATION_S (wrk and flow duration, default 10), BENCH_SMOKE=1 (tiny counts),
         BENCH_TRASH_FILES (default 10000), BENCH_SOAK_S (default 300)
`;

interface Plan {
  names: string[];
  /** What --profile named: one row of the issue's table, or a whole benchmark. */
  profiled?: string;
  /** The one row to run (a row's profile leaves the others out). */
  only?: RowId;
}

export function parseArgs(argv: string[]): Plan | string {
  const names: string[] = [];
  let profiled: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--profile') {
      profiled = argv[++index];
      if (!profiled || !(Object.hasOwn(BENCHMARK_OF_ROW, profiled) || Object.hasOwn(BENCHMARKS, profiled)))
        return `--profile needs a row (${Object.keys(BENCHMARK_OF_ROW).join(', ')}) or a benchmark (${Object.keys(BENCHMARKS).join(', ')})`;
    } else if (Object.hasOwn(BENCHMARKS, arg)) names.push(arg);
    else return `unknown benchmark ${arg}`;
  }
  if (profiled) {
    if (names.length > 0) return '--profile runs one row or benchmark; name no other benchmark with it';
    if (!Object.hasOwn(BENCHMARK_OF_ROW, profiled)) return { names: [profiled], profiled };
    const row = profiled as RowId;
    return { names: [BENCHMARK_OF_ROW[row]], profiled, only: row };
  }
  return { names: names.length > 0 ? names : DEFAULT_RUN };
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function printRows(rows: ResultRow[]): void {
  const cells = rows.map((row) => [row.benchmark, row.metric, row.value, row.note ?? '']);
  process.stdout.write(`\n${markdownTable(['benchmark', 'metric', 'value', 'note'], cells)}\n`);
}

function printSummary(ctx: BenchContext, rows: ResultRow[], rss: string[]): void {
  note(`summary (${machine()})`);
  printRows(rows);
  const issueRows = ISSUE_ROWS.filter((row) => ctx.measured.has(row.id)).length;
  process.stdout.write(
    `\nThe issue's table (${issueRows} of ${ISSUE_ROWS.length} rows measured; generators: wrk -t${LOAD.threads} -c${LOAD.concurrency} -d${LOAD.durationS}s, flows ${LOAD.concurrency} concurrent):\n\n` +
      `${issueTable(ctx.measured)}\n\n${rss.join('\n')}\n`,
  );
}

async function main(argv: string[]): Promise<number> {
  const plan = parseArgs(argv);
  if (typeof plan === 'string') {
    process.stderr.write(`${plan}\n${USAGE}`);
    return 2;
  }
  const entry = appEntry(REPO_ROOT);
  requireAppBuild(entry);

  // The first Ctrl-C/SIGTERM ends the running measurement; its cleanup (rows,
  // objects, plans, trash workflows) and stopping the app still happen. A
  // second one exits at once.
  const stop = stopping;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(130);
    note(`${signal}: stopping after the running benchmark's cleanup (again to exit at once)`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  note(`machine: ${machine()}`);
  if (SMOKE) note('BENCH_SMOKE=1: small counts, the numbers mean nothing');
  const wrk = await ensureWrk();
  let stack: Stack | undefined;
  let run: TestRun | undefined;
  let app: AppProcess | undefined;
  let ctx: BenchContext | undefined;
  const rows: ResultRow[] = [];
  const rss: string[] = [];
  const logDir = path.join(RUNTIME_DIR, 'logs');
  const profileDir = plan.profiled
    ? path.join(RUNTIME_DIR, 'bench-profiles', new Date().toISOString().replace(/[:.]/g, '-'))
    : undefined;
  try {
    stack = await startStack({ runtimeDir: RUNTIME_DIR, signal: stop.signal });
    // Like `npm test`: a slice of the servers of its own, never `npm start`'s data.
    run = await step('test run', () => startTestRun(stack!.env, RUNTIME_DIR));
    const env = { ...run.env, ...APP_ENV };
    await step(`migrations (${run.names.database})`, () =>
      runMigrations(entry, { ...process.env, ...env }, REPO_ROOT, stop.signal),
    );
    fs.mkdirSync(logDir, { recursive: true });
    if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
    const logFile = path.join(logDir, `bench-app-${run.names.id}.log`);
    app = await step(
      `StreamHub in its own process, CLUSTER_WORKERS=${workers()} (log: ${path.relative(REPO_ROOT, logFile)})`,
      () => startApp({ entry, env, cwd: REPO_ROOT, logFile, cpuProfileDir: profileDir, signal: stop.signal }),
    );
    ctx = await createContext(
      { baseUrl: app.baseUrl, appPid: app.pid, metricsUrl: app.metricsUrl, repoRoot: REPO_ROOT, wrk },
      env,
    );
    ctx.only = plan.only;
    ctx.launch = { entry, env, grpcPort: app.grpcPort, logDir };
    // A new consumer group starts from the beginning of storage.object-events: let it catch up first.
    await step('ingest caught up with storage.object-events', () => waitForIngestIdle(ctx!, 5 * 60_000));
    rss.push(`app RSS at idle (ready, before any load): ${formatRss(appRss(app.pid))}`);
    // Every row is compared to /healthz from this run, whichever benchmarks run (a
    // profile of another row leaves it out: its samples would be in the profile).
    if (!plan.profiled || plan.profiled === 'healthz')
      rows.push(await step('benchmark healthz', () => measureHealthz(ctx!)));
    for (const name of plan.names)
      rows.push(...(await step(`benchmark ${name}`, () => BENCHMARKS[name]!(ctx!))));
    rss.push(`app RSS after the run: ${formatRss(appRss(app.pid))}`);
    printSummary(ctx, rows, rss);
    return 0;
  } finally {
    if (rows.length > 0 && stop.signal.aborted && ctx) {
      rss.push(`app RSS when stopped: ${formatRss(appRss(app!.pid))}`);
      printSummary(ctx, rows, rss);
    }
    await ctx?.close().catch(() => undefined);
    if (app) await step('stop StreamHub', () => app!.stop());
    if (profileDir) printProfile(profileDir, plan.profiled!, ctx?.loadWindows ?? []);
    if (run) await step(`remove test run ${run.names.id}`, () => run!.dispose());
    await stack?.stopOwned();
  }
}

function printProfile(dir: string, row: string, windows: readonly Window[]): void {
  const profiles = readProfiles(dir);
  if (profiles.length === 0) {
    note(`no .cpuprofile in ${dir} (the app did not exit cleanly?)`);
    return;
  }
  note(
    `CPU profile of the app during the ${row} row (${profiles.length} process(es); files in ${path.relative(REPO_ROOT, dir)}):`,
  );
  // Only the samples taken while the row's load ran: start-up and seeding are left out.
  const summary = summariseProfiles(profiles, 15, REPO_ROOT, windows.length > 0 ? windows : undefined);
  process.stdout.write(`${formatSummary(summary)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (stopping.signal.aborted) process.exit(130); // what it started has been stopped and cleaned up
      process.stderr.write(
        `\nerror: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
