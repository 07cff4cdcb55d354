// Issue 12's WebSocket row: `npm run bench -- ws-fanout`. The load comes from
// bench/load/ws-clients.ts, forked as processes of their own:
// 0. 100 group channels × 10 members made through the REST API (always);
// 1. fanout: one socket per member (1,000) on the bench app, then posts
//    through REST at 200 and at 1,000 messages/s spread over the channels:
//    fan-out latency = POST answered → received by every member's socket
//    (per message the slowest member), p50 and p99 per rate;
// 2. memory: a gateway-only process (`--target=gateway`, CLUSTER_WORKERS=1,
//    its services the bench app's over gRPC) before and after 1,000 idle
//    authenticated sockets, each read after a full GC through the V8
//    inspector: RSS and live memory (heap used + external) per socket;
// 3. capacity: such a process takes idle authenticated sockets in steps
//    until its RSS nears 1 GiB or sockets stop opening (file descriptors,
//    ports); it reports which bound stopped it.
// BENCH_WS_PHASES=memory,capacity (any of fanout, memory, capacity) runs only
// those; BENCH_WS_RATES=200 only that fan-out rate (default 200,1000);
// BENCH_WS_HEAP_SNAPSHOTS=<dir> writes the memory phase's gateway heap
// snapshots before and after (compare them in DevTools).
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startChild, waitReady, type Child } from '../tilt/local/app';
import { freePort } from '../services/internal/testing/free-port';
import type { Command, FanoutResult } from './load/ws-clients';
import { InspectorProbe, type MemoryUsage } from './inspector-probe';
import { appRss } from './rss';
import { signUpMailsSent } from './sign-up-mail';
import { latencyLine, summarize } from './stats';
import {
  LOAD,
  MIB,
  measuredLoad,
  say,
  scaled,
  SMOKE,
  stopping,
  type BenchContext,
  type ResultRow,
} from './support';
import { markdownTable } from './table';
import { postCallsLine, readPostCalls } from './post-calls';

const NAME = 'ws-fanout';
const CHANNELS = scaled(100, 10);
const MEMBERS = scaled(10, 3);
/** BENCH_WS_RATES=200 runs only that row (a profile of one rate, say). */
const RATES = process.env.BENCH_WS_RATES
  ? process.env.BENCH_WS_RATES.split(',').map((rate) => positiveRate(rate))
  : SMOKE
    ? [20, 50]
    : [200, 1000];

function positiveRate(text: string): number {
  const rate = Number(text.trim());
  if (!Number.isInteger(rate) || rate <= 0)
    throw new Error(`BENCH_WS_RATES: ${text} is not a rate in messages/s`);
  return rate;
}
const TARGET_P99_MS: Record<number, number> = { 200: 100, 1000: 250 };
const TARGET_KIB_PER_SOCKET = 20;
const GIB = 1024 * MIB;
/** Stop the capacity ramp at this share of 1 GiB: the next step would cross it. */
const CAPACITY_RSS_STOP = SMOKE ? 0.3 : 0.95;
const CAPACITY_STEP = scaled(5000, 500);
const CAPACITY_MAX = scaled(400_000, 2000);
/** Sockets per generator process (each socket is a file descriptor on both ends). */
const SOCKETS_PER_GENERATOR = 15_000;
const FD_LIMIT = 1_048_576;
const SOURCE_ADDRESSES = 32;
/** Sockets opened and closed on the memory phase's gateway before its baseline. */
const WARM_UP_SOCKETS = scaled(200, 10);
const PHASE_NAMES = ['fanout', 'memory', 'capacity'] as const;
type Phase = (typeof PHASE_NAMES)[number];

function phases(): Set<Phase> {
  const asked = (process.env.BENCH_WS_PHASES ?? PHASE_NAMES.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of asked)
    if (!(PHASE_NAMES as readonly string[]).includes(name))
      throw new Error(`BENCH_WS_PHASES: unknown phase ${name} (phases: ${PHASE_NAMES.join(', ')})`);
  return new Set(asked as Phase[]);
}

// Compiled next to this file: dist/bench/ws-fanout.js -> dist/bench/load/ws-clients.js.
const GENERATOR = path.join(__dirname, 'load', 'ws-clients.js');

/** Raises a child's open-file limit; answers the limit it has (raising needs CAP_SYS_RESOURCE past the hard limit). */
function raiseFdLimit(pid: number): string {
  try {
    execFileSync('prlimit', ['--pid', String(pid), `--nofile=${FD_LIMIT}:${FD_LIMIT}`], { stdio: 'pipe' });
    return String(FD_LIMIT);
  } catch {
    const soft = execFileSync(
      'prlimit',
      ['--pid', String(pid), '--nofile', '--output=SOFT', '--noheadings'],
      {
        encoding: 'utf8',
      },
    );
    return `${soft.trim()} (prlimit may not raise it here)`;
  }
}

/** One forked generator: commands go over IPC, one at a time. */
class Generator {
  private readonly child: ChildProcess;
  readonly fdLimit: string;

  constructor() {
    this.child = fork(GENERATOR, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.fdLimit = raiseFdLimit(this.child.pid!);
  }

  run<T>(command: Command): Promise<T> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the WebSocket generator exited ${code}`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: { ok: boolean; result?: T; error?: string }) => {
        this.child.off('exit', onExit);
        if (reply.ok) resolve(reply.result as T);
        else reject(new Error(`the WebSocket generator failed: ${reply.error}`));
      });
      this.child.send(command);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

const kib = (bytes: number) => bytes / 1024;
const rssBytes = (pid: number) => appRss(pid).totalMiB * MIB;
const met = (ok: boolean) => (ok ? 'met' : 'missed');

/** Waits for RSS to settle after sockets opened (allocation bursts, lazy GC). */
async function settledRss(pid: number): Promise<number> {
  await sleep(SMOKE ? 1000 : 3000);
  return rssBytes(pid);
}

type GatewayOnly = Child & { baseUrl: string; probe: InspectorProbe };

/** A gateway-only process with the V8 inspector on a loopback port (the bench reads its memory through it). */
async function startGatewayOnly(ctx: BenchContext): Promise<GatewayOnly> {
  const launch = ctx.launch;
  if (!launch) throw new Error('ws-fanout needs ctx.launch (set by bench/run.ts)');
  const [httpPort, metricsPort, inspectorPort] = [await freePort(), await freePort(), await freePort()];
  const child = startChild(
    process.execPath,
    [`--inspect=127.0.0.1:${inspectorPort}`, launch.entry, '--target=gateway'],
    {
      ...process.env,
      ...launch.env,
      HTTP_PORT: String(httpPort),
      METRICS_PORT: String(metricsPort),
      // No gRPC server in a gateway-only process: every client's default address is the bench app's.
      GRPC_PORT: String(launch.grpcPort),
      CLUSTER_WORKERS: '1',
    },
    ctx.repoRoot,
    { logFile: path.join(launch.logDir, `bench-ws-gateway-${Date.now()}.log`) },
  );
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  try {
    await waitReady(`${baseUrl}/readyz`, child, 60_000, stopping.signal);
    const probe = await InspectorProbe.connect(inspectorPort);
    return {
      ...child,
      baseUrl,
      probe,
      stop: async () => {
        probe.close();
        await child.stop();
      },
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Live memory: what the heap and the C++ objects bound to it hold after a GC. */
const liveBytes = (usage: MemoryUsage) => usage.heapUsed + usage.external;

interface GatewayMemory {
  sockets: number;
  before: MemoryUsage;
  after: MemoryUsage;
  rssKiB: number;
  liveKiB: number;
}

/** The gateway-only process's memory before and after one idle authenticated socket per user. */
async function gatewayMemory(ctx: BenchContext, tokens: string[]): Promise<GatewayMemory> {
  const gateway = await startGatewayOnly(ctx);
  raiseFdLimit(gateway.pid);
  const generator = new Generator();
  const snapshots = process.env.BENCH_WS_HEAP_SNAPSHOTS;
  try {
    // A few sockets opened and closed first: the code V8 compiles for the
    // socket paths (about 2.5 MiB) is paid once per process, not per socket.
    const warmUp = await generator.run<{ opened: number }>({
      cmd: 'open',
      baseUrl: gateway.baseUrl,
      tokens: tokens.slice(0, WARM_UP_SOCKETS),
      count: WARM_UP_SOCKETS,
      sourceAddresses: SOURCE_ADDRESSES,
    });
    await generator.run({ cmd: 'close' });
    if (warmUp.opened !== WARM_UP_SOCKETS) throw new Error('the warm-up sockets did not open');
    // Let start-up work (Kafka joins, first scrapes) and the warm-up's closing finish before the baseline.
    await sleep(SMOKE ? 1000 : 5000);
    const before = await gateway.probe.memoryAfterGc(gateway.pid);
    if (snapshots)
      await gateway.probe.writeHeapSnapshot(path.join(snapshots, 'gateway-0-sockets.heapsnapshot'));
    const opened = await generator.run<{ opened: number; failed: number; firstError?: string }>({
      cmd: 'open',
      baseUrl: gateway.baseUrl,
      tokens,
      count: tokens.length,
      sourceAddresses: SOURCE_ADDRESSES,
    });
    if (opened.failed > 0)
      throw new Error(`${opened.failed} of ${tokens.length} sockets did not open: ${opened.firstError}`);
    // Past the resume window and a heartbeat's presence refresh: the sockets are idle.
    await sleep(SMOKE ? 2000 : 6000);
    const after = await gateway.probe.memoryAfterGc(gateway.pid);
    if (snapshots)
      await gateway.probe.writeHeapSnapshot(
        path.join(snapshots, `gateway-${opened.opened}-sockets.heapsnapshot`),
      );
    const per = (bytes: number) => kib(bytes) / opened.opened;
    return {
      sockets: opened.opened,
      before,
      after,
      rssKiB: per(after.rss - before.rss),
      liveKiB: per(liveBytes(after) - liveBytes(before)),
    };
  } finally {
    await generator.stop();
    await gateway.stop();
  }
}

interface Capacity {
  sockets: number;
  rssMiB: number;
  baseMiB: number;
  /** Live memory (heap used + external) after a GC, with none and at the end. */
  baseLiveMiB: number;
  liveMiB: number;
  bound: string;
  fdLimit: string;
}

async function capacity(ctx: BenchContext, tokens: string[]): Promise<Capacity> {
  const gateway = await startGatewayOnly(ctx);
  const fdLimit = raiseFdLimit(gateway.pid);
  const generators: Generator[] = [];
  try {
    await sleep(SMOKE ? 1000 : 5000);
    const base = await gateway.probe.memoryAfterGc(gateway.pid);
    const baseMiB = base.rss / MIB;
    let sockets = 0;
    let bound = `the bench's cap of ${CAPACITY_MAX.toLocaleString('en-US')} sockets`;
    while (sockets < CAPACITY_MAX) {
      if (stopping.signal.aborted) throw new Error('interrupted');
      if (sockets % SOCKETS_PER_GENERATOR === 0) generators.push(new Generator());
      const step = Math.min(CAPACITY_STEP, SOCKETS_PER_GENERATOR - (sockets % SOCKETS_PER_GENERATOR));
      const opened = await generators.at(-1)!.run<{ opened: number; failed: number; firstError?: string }>({
        cmd: 'open',
        baseUrl: gateway.baseUrl,
        tokens,
        count: step,
        sourceAddresses: SOURCE_ADDRESSES,
      });
      sockets += opened.opened;
      // Both: without a GC the RSS still holds the opening's garbage (token checks, presence calls).
      const rawRss = await settledRss(gateway.pid);
      const rss = (await gateway.probe.memoryAfterGc(gateway.pid)).rss;
      say(
        NAME,
        `capacity: ${sockets.toLocaleString('en-US')} idle sockets, gateway RSS ${(rawRss / MIB).toFixed(0)} MiB, ${(rss / MIB).toFixed(0)} MiB after a GC`,
      );
      if (opened.failed > 0) {
        bound = `sockets stopped opening (${opened.failed} of ${step} failed: ${opened.firstError})`;
        break;
      }
      // The next step would add about as much again: stop before crossing 1 GiB (idle sockets: after a GC).
      const perSocket = (rss - baseMiB * MIB) / Math.max(1, sockets);
      if (rss + perSocket * CAPACITY_STEP > CAPACITY_RSS_STOP * GIB) {
        bound = `memory: the next ${CAPACITY_STEP.toLocaleString('en-US')} would pass ${(CAPACITY_RSS_STOP * 1024).toFixed(0)} MiB`;
        break;
      }
    }
    const end = await gateway.probe.memoryAfterGc(gateway.pid);
    return {
      sockets,
      rssMiB: end.rss / MIB,
      baseMiB,
      baseLiveMiB: liveBytes(base) / MIB,
      liveMiB: liveBytes(end) / MIB,
      bound,
      fdLimit,
    };
  } finally {
    for (const generator of generators) await generator.stop();
    await gateway.stop();
  }
}

export async function wsFanout(ctx: BenchContext): Promise<ResultRow[]> {
  const run = phases();
  const generator = new Generator();
  try {
    const setupStarted = performance.now();
    const setup = await generator.run<{
      users: number;
      channels: number;
      tokens: string[];
      emailPrefix: string;
    }>({
      cmd: 'setup',
      baseUrl: ctx.baseUrl,
      channels: CHANNELS,
      members: MEMBERS,
      concurrency: LOAD.concurrency,
    });
    say(
      NAME,
      `${setup.users} users and ${setup.channels} channels of ${MEMBERS} through the API in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (generator fd limit ${generator.fdLimit}); phases: ${[...run].join(', ')}`,
    );
    const mailStarted = performance.now();
    const mails = await signUpMailsSent(setup.emailPrefix);
    say(
      NAME,
      `the sign-ups' verify-email mails sent (${mails} in Mailpit) ${((performance.now() - mailStarted) / 1000).toFixed(1)} s after the last sign-up's answer; measuring from now`,
    );
    const rows: string[][] = [];

    if (run.has('fanout')) {
      const before = await settledRss(ctx.appPid);
      await generator.run({ cmd: 'connect', baseUrl: ctx.baseUrl });
      const after = await settledRss(ctx.appPid);
      // Every process of the app, allocator and V8 heap growth included: a rough figure; the memory phase measures the gateway.
      say(
        NAME,
        `${setup.users} idle sockets on the whole app: RSS ${(before / MIB).toFixed(0)} → ${(after / MIB).toFixed(0)} MiB (${appRss(ctx.appPid).processes} processes, no GC forced): ${(kib(after - before) / setup.users).toFixed(1)} KiB per socket`,
      );

      for (const rate of RATES) {
        const callsBefore = await readPostCalls(ctx.metricsUrl);
        const result = await measuredLoad(ctx, () =>
          generator.run<FanoutResult>({
            cmd: 'fanout',
            baseUrl: ctx.baseUrl,
            rate,
            durationS: LOAD.durationS,
            drainMs: 10_000,
          }),
        );
        const summary = summarize(result.latenciesMs);
        say(
          NAME,
          `${rate} msg/s for ${LOAD.durationS} s (sent ${result.achievedRate.toFixed(0)}/s): ${result.posted} posted, ${result.postFailed} failed` +
            `${result.firstPostError ? ` (${result.firstPostError})` : ''}, ${result.incomplete} not received by every member; ` +
            `fan-out to ${MEMBERS} members ${latencyLine(summary)}${result.throttledTicks ? `; the generator's ${512} in-flight cap held back posts ${result.throttledTicks} times` : ''}`,
        );
        say(NAME, postCallsLine(callsBefore, await readPostCalls(ctx.metricsUrl), result.posted));
        const failures = result.postFailed + result.incomplete;
        const target = TARGET_P99_MS[rate];
        rows.push([
          `fan-out at ${rate.toLocaleString('en-US')} msg/s (${setup.users} sockets, ${setup.channels} channels)`,
          `p50 ${summary.p50.toFixed(1)} ms, p99 ${summary.p99.toFixed(1)} ms (${result.achievedRate.toFixed(0)} msg/s sent${failures ? `, ${failures} FAILED or lost` : ''})`,
          target ? `p99 < ${target} ms` : '—',
          target ? met(summary.p99 < target && failures === 0) : '—',
        ]);
      }
      await generator.run({ cmd: 'close' });
    }

    if (run.has('memory')) {
      const memory = await gatewayMemory(ctx, setup.tokens);
      const mib = (bytes: number) => (bytes / MIB).toFixed(1);
      say(
        NAME,
        `one gateway process (CLUSTER_WORKERS=1), ${memory.sockets} idle sockets, after a full GC: ` +
          `RSS ${mib(memory.before.rss)} → ${mib(memory.after.rss)} MiB (${memory.rssKiB.toFixed(1)} KiB a socket); ` +
          `heap used ${mib(memory.before.heapUsed)} → ${mib(memory.after.heapUsed)} MiB, external ${mib(memory.before.external)} → ${mib(memory.after.external)} MiB ` +
          `(live ${memory.liveKiB.toFixed(1)} KiB a socket)`,
      );
      rows.push([
        `gateway memory per idle socket (${memory.sockets} sockets, one gateway process, after GC)`,
        `RSS ${memory.rssKiB.toFixed(1)} KiB, live heap + external ${memory.liveKiB.toFixed(1)} KiB`,
        `< ${TARGET_KIB_PER_SOCKET} KiB`,
        met(memory.rssKiB < TARGET_KIB_PER_SOCKET && memory.liveKiB < TARGET_KIB_PER_SOCKET),
      ]);
    }

    if (run.has('capacity')) {
      const cap = await capacity(ctx, setup.tokens);
      const per = (mib: number) => kib(mib * MIB) / Math.max(1, cap.sockets);
      const rssKiB = per(cap.rssMiB - cap.baseMiB);
      // Only a line: the bench measures up to where it stopped.
      const extrapolated =
        cap.bound.startsWith('memory') || rssKiB <= 0
          ? ''
          : `; at ${rssKiB.toFixed(1)} KiB a socket, 1 GiB would hold about ${Math.floor(((1024 - cap.baseMiB) * 1024) / rssKiB).toLocaleString('en-US')} (extrapolated, not measured)`;
      say(
        NAME,
        `one gateway process (CLUSTER_WORKERS=1, fd limit ${cap.fdLimit}): ${cap.sockets.toLocaleString('en-US')} idle sockets at ${cap.rssMiB.toFixed(0)} MiB RSS after a GC ` +
          `(${cap.baseMiB.toFixed(0)} MiB with none, ${rssKiB.toFixed(1)} KiB a socket; live ${cap.baseLiveMiB.toFixed(0)} → ${cap.liveMiB.toFixed(0)} MiB, ` +
          `${per(cap.liveMiB - cap.baseLiveMiB).toFixed(1)} KiB a socket); stopped by ${cap.bound}${extrapolated}`,
      );
      rows.push([
        'idle sockets one gateway process holds under 1 GiB',
        `${cap.sockets.toLocaleString('en-US')} (${cap.rssMiB.toFixed(0)} MiB; stopped by ${cap.bound})`,
        'report',
        '—',
      ]);
    }

    process.stdout.write(
      `\nIssue 12, WebSocket fan-out (generator: bench/load/ws-clients.ts in its own process):\n\n${markdownTable(['figure', 'now', 'target', 'target met'], rows)}\n\n`,
    );
    return rows.map(([metric, value, target, ok]) => ({
      benchmark: NAME,
      metric: metric!,
      value: value!,
      note: `target ${target}: ${ok}`,
    }));
  } finally {
    await generator.stop();
  }
}
