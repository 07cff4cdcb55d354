// Issue 12's WebSocket row: `npm run bench -- ws-fanout`. The load comes from
// bench/load/ws-clients.ts, forked as processes of their own:
// 1. 100 group channels × 10 members made through the REST API, then one
//    socket per member (1,000); the app's RSS (every process of it, from
//    /proc) before and after opening them gives the memory per idle socket;
// 2. posts through REST at 200 and at 1,000 messages/s spread over the
//    channels: fan-out latency = POST answered → received by every member's
//    socket (per message the slowest member), p50 and p99 per rate;
// 3. capacity: a gateway-only process (`--target=gateway`, CLUSTER_WORKERS=1,
//    its services the bench app's over gRPC) takes idle authenticated
//    sockets in steps until its RSS nears 1 GiB or sockets stop opening
//    (file descriptors, ports); it reports which bound stopped it.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startChild, waitReady, type Child } from '../tilt/local/app';
import { freePort } from '../services/internal/testing/free-port';
import type { Command, FanoutResult } from './load/ws-clients';
import { appRss } from './rss';
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

const NAME = 'ws-fanout';
const CHANNELS = scaled(100, 10);
const MEMBERS = scaled(10, 3);
const RATES = SMOKE ? [20, 50] : [200, 1000];
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

async function startGatewayOnly(ctx: BenchContext): Promise<Child & { baseUrl: string }> {
  const launch = ctx.launch;
  if (!launch) throw new Error('ws-fanout needs ctx.launch (set by bench/run.ts)');
  const [httpPort, metricsPort] = [await freePort(), await freePort()];
  const child = startChild(
    process.execPath,
    [launch.entry, '--target=gateway'],
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
  const gateway = { ...child, baseUrl: `http://127.0.0.1:${httpPort}` };
  try {
    await waitReady(`${gateway.baseUrl}/readyz`, gateway, 60_000, stopping.signal);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return gateway;
}

interface Capacity {
  sockets: number;
  rssMiB: number;
  baseMiB: number;
  bound: string;
  fdLimit: string;
}

async function capacity(ctx: BenchContext, tokens: string[]): Promise<Capacity> {
  const gateway = await startGatewayOnly(ctx);
  const fdLimit = raiseFdLimit(gateway.pid);
  const generators: Generator[] = [];
  try {
    const baseMiB = (await settledRss(gateway.pid)) / MIB;
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
      const rss = await settledRss(gateway.pid);
      say(
        NAME,
        `capacity: ${sockets.toLocaleString('en-US')} idle sockets, gateway RSS ${(rss / MIB).toFixed(0)} MiB`,
      );
      if (opened.failed > 0) {
        bound = `sockets stopped opening (${opened.failed} of ${step} failed: ${opened.firstError})`;
        break;
      }
      // The next step would add about as much again: stop before crossing 1 GiB.
      const perSocket = (rss - baseMiB * MIB) / Math.max(1, sockets);
      if (rss + perSocket * CAPACITY_STEP > CAPACITY_RSS_STOP * GIB) {
        bound = `memory: the next ${CAPACITY_STEP.toLocaleString('en-US')} would pass ${(CAPACITY_RSS_STOP * 1024).toFixed(0)} MiB`;
        break;
      }
    }
    return { sockets, rssMiB: rssBytes(gateway.pid) / MIB, baseMiB, bound, fdLimit };
  } finally {
    for (const generator of generators) await generator.stop();
    await gateway.stop();
  }
}

export async function wsFanout(ctx: BenchContext): Promise<ResultRow[]> {
  const generator = new Generator();
  try {
    const setupStarted = performance.now();
    const setup = await generator.run<{ users: number; channels: number; tokens: string[] }>({
      cmd: 'setup',
      baseUrl: ctx.baseUrl,
      channels: CHANNELS,
      members: MEMBERS,
      concurrency: LOAD.concurrency,
    });
    say(
      NAME,
      `${setup.users} users and ${setup.channels} channels of ${MEMBERS} through the API in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (generator fd limit ${generator.fdLimit})`,
    );

    const before = await settledRss(ctx.appPid);
    await generator.run({ cmd: 'connect', baseUrl: ctx.baseUrl });
    const after = await settledRss(ctx.appPid);
    const perSocketKiB = kib(after - before) / setup.users;
    say(
      NAME,
      `${setup.users} idle sockets: app RSS ${(before / MIB).toFixed(0)} → ${(after / MIB).toFixed(0)} MiB (${appRss(ctx.appPid).processes} processes): ${perSocketKiB.toFixed(1)} KiB per socket`,
    );

    const fanouts = new Map<number, FanoutResult>();
    for (const rate of RATES) {
      const result = await measuredLoad(ctx, () =>
        generator.run<FanoutResult>({
          cmd: 'fanout',
          baseUrl: ctx.baseUrl,
          rate,
          durationS: LOAD.durationS,
          drainMs: 10_000,
        }),
      );
      fanouts.set(rate, result);
      const summary = summarize(result.latenciesMs);
      say(
        NAME,
        `${rate} msg/s for ${LOAD.durationS} s (sent ${result.achievedRate.toFixed(0)}/s): ${result.posted} posted, ${result.postFailed} failed` +
          `${result.firstPostError ? ` (${result.firstPostError})` : ''}, ${result.incomplete} not received by every member; ` +
          `fan-out to ${MEMBERS} members ${latencyLine(summary)}${result.throttledTicks ? `; the generator's ${512} in-flight cap held back posts ${result.throttledTicks} times` : ''}`,
      );
    }
    await generator.run({ cmd: 'close' });

    const cap = await capacity(ctx, setup.tokens);
    const capKiB = kib((cap.rssMiB - cap.baseMiB) * MIB) / Math.max(1, cap.sockets);
    say(
      NAME,
      `one gateway process (CLUSTER_WORKERS=1, fd limit ${cap.fdLimit}): ${cap.sockets.toLocaleString('en-US')} idle sockets at ${cap.rssMiB.toFixed(0)} MiB RSS ` +
        `(${cap.baseMiB.toFixed(0)} MiB with none, ${capKiB.toFixed(1)} KiB a socket); stopped by ${cap.bound}`,
    );

    const rows: string[][] = [];
    for (const [rate, result] of fanouts) {
      const summary = summarize(result.latenciesMs);
      const failures = result.postFailed + result.incomplete;
      const target = TARGET_P99_MS[rate];
      rows.push([
        `fan-out at ${rate.toLocaleString('en-US')} msg/s (${setup.users} sockets, ${setup.channels} channels)`,
        `p50 ${summary.p50.toFixed(1)} ms, p99 ${summary.p99.toFixed(1)} ms (${result.achievedRate.toFixed(0)} msg/s sent${failures ? `, ${failures} FAILED or lost` : ''})`,
        target ? `p99 < ${target} ms` : '—',
        target ? met(summary.p99 < target && failures === 0) : '—',
      ]);
    }
    rows.push([
      `app memory per idle socket (${setup.users} sockets)`,
      `${perSocketKiB.toFixed(1)} KiB`,
      `< ${TARGET_KIB_PER_SOCKET} KiB`,
      met(perSocketKiB < TARGET_KIB_PER_SOCKET),
    ]);
    rows.push([
      'idle sockets one gateway process holds under 1 GiB',
      `${cap.sockets.toLocaleString('en-US')} (${cap.rssMiB.toFixed(0)} MiB; stopped by ${cap.bound})`,
      'report',
      '—',
    ]);
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
