// The benchmark runner: `node dist/bench/run.js [name ...]`. Starts (or
// reuses) the local servers, makes a test run of its own (a database, bucket,
// topics and keys that `npm start` never sees), migrates it, boots StreamHub in this
// process, runs the chosen benchmarks one after another, prints a summary
// table and stops only what it started. See bench/README.md.
import os from 'node:os';
import path from 'node:path';
import { startTestPlatform, type TestPlatform } from '../services/internal/testing/test-platform';
import { appEntry, requireAppBuild, runMigrations } from '../tilt/local/app';
import { note, step } from '../tilt/local/progress';
import { startStack, type Stack } from '../tilt/local/stack';
import { startTestRun, type TestRun } from '../tilt/local/test-run';
import { confirmLatency } from './confirm-latency';
import { listFiles } from './list-files';
import { putThroughput } from './put-throughput';
import {
  createContext,
  MIB,
  SMOKE,
  stopping,
  waitForIngestIdle,
  type Benchmark,
  type BenchContext,
  type ResultRow,
} from './support';
import { trashPurge } from './trash-purge';

// dist/bench/run.js -> the repository root.
const REPO_ROOT = path.resolve(__dirname, '..', '..');

const BENCHMARKS: Record<string, Benchmark> = {
  'confirm-latency': confirmLatency,
  'put-throughput': putThroughput,
  'list-files': listFiles,
  'trash-purge': trashPurge,
};

/** The app's settings for every benchmark (on top of startTestPlatform's). */
const APP_ENV: Record<string, string> = {
  // Every benchmark signs up users; the auth routes' limit must never answer 429.
  RATE_LIMIT_AUTH_MAX: '1000000',
  // 64 MiB is already a single PUT (size <= threshold); a higher threshold makes sure of it.
  MULTIPART_THRESHOLD_BYTES: String(128 * MIB),
  // One trash timer per user per second, so the purge benchmark waits seconds, not an hour.
  TRASH_BATCH_WINDOW_SECONDS: '1',
  // A long trash benchmark must not outlive its users' access tokens.
  ACCESS_TOKEN_TTL_SECONDS: '7200',
};

function usage(): string {
  return `usage: node dist/bench/run.js [${Object.keys(BENCHMARKS).join(' | ')} ...]   (none: all, in this order)\n`;
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function printTable(rows: ResultRow[]): void {
  const headers = ['benchmark', 'metric', 'value', 'note'];
  const cells = rows.map((row) => [row.benchmark, row.metric, row.value, row.note ?? '']);
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((cell) => cell[column]!.length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`;
  process.stdout.write(
    [
      '',
      line(headers),
      `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
      ...cells.map(line),
      '',
    ].join('\n') + '\n',
  );
}

async function main(argv: string[]): Promise<number> {
  const names = argv.length > 0 ? argv : Object.keys(BENCHMARKS);
  const unknown = names.filter((name) => !Object.hasOwn(BENCHMARKS, name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}\n${usage()}`);
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
  let stack: Stack | undefined;
  let run: TestRun | undefined;
  let app: TestPlatform | undefined;
  let ctx: BenchContext | undefined;
  const rows: ResultRow[] = [];
  try {
    const runtimeDir = path.join(REPO_ROOT, '.streamhub');
    stack = await startStack({ runtimeDir, signal: stop.signal });
    // Like `npm test`: a slice of the servers of its own, never `npm start`'s data.
    run = await step('test run', () => startTestRun(stack!.env, runtimeDir));
    const env = run.env;
    Object.assign(process.env, env);
    await step(`migrations (${run.names.database})`, () =>
      runMigrations(entry, process.env, REPO_ROOT, stop.signal),
    );
    app = await step('StreamHub in this process', () => startTestPlatform({ env: APP_ENV }));
    ctx = await createContext(app.baseUrl, env);
    // A new consumer group starts from the beginning of storage.object-events: let it catch up first.
    await step('ingest caught up with storage.object-events', () => waitForIngestIdle(ctx!, 5 * 60_000));
    for (const name of names) rows.push(...(await step(`benchmark ${name}`, () => BENCHMARKS[name]!(ctx!))));
    note(`summary (${machine()})`);
    printTable(rows);
    return 0;
  } finally {
    if (rows.length > 0 && stop.signal.aborted) printTable(rows);
    await ctx?.close().catch(() => undefined);
    if (app) await step('stop StreamHub', () => app!.stop());
    if (run) await step(`remove test run ${run.names.id}`, () => run!.dispose());
    await stack?.stopOwned();
  }
}

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
