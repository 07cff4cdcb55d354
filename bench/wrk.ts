// Runs wrk (an external load generator, in its own process) against one URL
// and reads the line bench/load/wrk-report.lua prints when the run ends.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { stopping } from './support';

export interface WrkResult {
  requests: number;
  durationMs: number;
  /** Requests per second over the whole run (wrk's own count and clock). */
  rate: number;
  /** Socket errors (connect, read, write, timeout) plus answers that were not 2xx/3xx. */
  errors: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

export interface WrkOptions {
  wrk: string;
  url: string;
  threads: number;
  connections: number;
  durationS: number;
  /** Sent with every request (wrk-report.lua reads them from its environment). */
  authorization?: string;
  forwardedFor?: string;
}

const RESULT_PREFIX = 'BENCH_RESULT ';

/** Parses wrk-report.lua's line out of wrk's whole stdout. */
export function parseWrkReport(stdout: string): WrkResult {
  const line = stdout.split('\n').find((text) => text.startsWith(RESULT_PREFIX));
  if (!line) throw new Error(`wrk printed no ${RESULT_PREFIX.trim()} line:\n${stdout.slice(0, 2000)}`);
  const fields: Record<string, number> = {};
  for (const pair of line.slice(RESULT_PREFIX.length).trim().split(/\s+/)) {
    const [key, raw] = pair.split('=');
    const value = Number(raw);
    if (!key || raw === undefined || !Number.isFinite(value))
      throw new Error(`unreadable field "${pair}" in: ${line}`);
    fields[key] = value;
  }
  const field = (key: string): number => {
    const value = fields[key];
    if (value === undefined) throw new Error(`no ${key} in: ${line}`);
    return value;
  };
  const durationMs = field('duration_us') / 1000;
  const requests = field('requests');
  return {
    requests,
    durationMs,
    rate: durationMs > 0 ? requests / (durationMs / 1000) : 0,
    errors:
      field('connect_errors') +
      field('read_errors') +
      field('write_errors') +
      field('timeouts') +
      field('status_errors'),
    p50Ms: field('p50_us') / 1000,
    p90Ms: field('p90_us') / 1000,
    p99Ms: field('p99_us') / 1000,
    maxMs: field('max_us') / 1000,
    meanMs: field('mean_us') / 1000,
  };
}

/** The Lua script next to the sources: <repo>/bench/load/wrk-report.lua. */
export function wrkScript(repoRoot: string): string {
  return path.join(repoRoot, 'bench', 'load', 'wrk-report.lua');
}

export function wrkArgs(options: WrkOptions, script: string): string[] {
  return [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.durationS}s`,
    '--latency',
    '-s',
    script,
    options.url,
  ];
}

export async function runWrk(options: WrkOptions, repoRoot: string): Promise<WrkResult> {
  const args = wrkArgs(options, wrkScript(repoRoot));
  const child = spawn(options.wrk, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      BENCH_AUTHORIZATION: options.authorization ?? '',
      BENCH_FORWARDED_FOR: options.forwardedFor ?? '',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const onAbort = () => child.kill('SIGINT'); // wrk prints its report on SIGINT too
  stopping.signal.addEventListener('abort', onAbort, { once: true });
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  }).finally(() => stopping.signal.removeEventListener('abort', onAbort));
  if (code !== 0) throw new Error(`wrk ${args.join(' ')} exited ${code}: ${stderr.trim() || stdout.trim()}`);
  return parseWrkReport(stdout);
}
