// What the cluster tests share: the CLI as users run it, and polling with a
// deadline that reports the last failure.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { findRepoRoot } from '../layout';

const run = promisify(execFile);

export const repoRoot = findRepoRoot();
// STREAMHUB_CLI points at a build elsewhere (tsc --outDir).
const cli = process.env.STREAMHUB_CLI ?? path.join(repoRoot, 'dist', 'tilt', 'local', 'cli.js');

/** `node dist/tilt/local/cli.js <args>`: its output, or an error carrying it. */
export async function stack(...args: string[]): Promise<string> {
  if (!fs.existsSync(cli)) throw new Error(`${cli} not found: build first (npm run build)`);
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`cli.js ${args.join(' ')} failed:\n${stdout}${stderr}`);
  }
}

/** Calls attempt until it returns something other than undefined. */
export async function eventually<T>(
  what: string,
  timeoutMs: number,
  attempt: () => Promise<T | undefined>,
  intervalMs = 1000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt yet';
  while (Date.now() < deadline) {
    try {
      const result = await attempt();
      if (result !== undefined) return result;
      last = 'not yet';
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000}s (${last})`);
}

/**
 * GET on a connection of its own. Until kube-proxy has programmed a new
 * Service's rules, a packet to its ClusterIP leaves by the default route,
 * and on some hosts an egress proxy answers it (this machine's: 404, empty
 * body). fetch() keeps that connection alive and sends every later request
 * on it, to the proxy, however long after the rules exist; so requests to
 * a Service that may be new go through here.
 */
export async function getOnNewConnection(
  url: string,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/** Waits until GET url, on a new connection each time, answers 200 with a body accepted. */
export async function untilServiceAnswers(
  url: string,
  timeoutMs: number,
  accept: (body: string) => boolean = () => true,
): Promise<string> {
  return eventually(`200 from ${url}`, timeoutMs, async () => {
    const { status, body } = await getOnNewConnection(url, 2000);
    if (status !== 200 || !accept(body))
      throw new Error(`answered ${status} ${JSON.stringify(body.slice(0, 80))}`);
    return body;
  });
}
