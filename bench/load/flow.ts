// An external load generator for the flows wrk cannot drive alone (several
// requests per step, ids from earlier answers): run as its own process,
// `node dist/bench/load/flow.js '<json config>'`, never inside the app. It
// prints one line `FLOW_RESULT <json>` at the end (see bench/flow-client.ts).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { StreamHubClient, unwrap } from '@streamhub/client';
import { summarize, type Summary } from '../stats';

interface Common {
  baseUrl: string;
  /** Authorization and X-Forwarded-For of the user the flow acts as. */
  headers: Record<string, string>;
}

export type FlowConfig = Common &
  (
    | { mode: 'uploads'; concurrency: number; durationMs: number; size: number }
    | { mode: 'complete'; count: number; warmUp: number; size: number }
    | {
        mode: 'event';
        count: number;
        warmUp: number;
        concurrency: number;
        size: number;
        pauseMaxMs: number;
        pollMs: number;
      }
    | { mode: 'deletes'; idsFile: string; concurrency: number }
    | { mode: 'soak'; concurrency: number; durationMs: number; size: number }
  );

export interface FlowResult {
  count: number;
  errors: number;
  elapsedMs: number;
  /** count per second of elapsedMs. */
  rate: number;
  latency?: Summary;
  /** The first few errors, to say what failed. */
  errorSamples: string[];
  /** deletes: the purge times the answers gave (epoch ms). */
  purgeAt?: { first: number; last: number };
  /** soak: operations done, per kind. */
  operations?: Record<string, number>;
}

export const RESULT_PREFIX = 'FLOW_RESULT ';

const now = () => performance.now();

class Failures {
  count = 0;
  samples: string[] = [];
  add(error: unknown) {
    this.count += 1;
    if (this.samples.length < 5) this.samples.push(error instanceof Error ? error.message : String(error));
  }
}

async function call<T>(
  config: Common,
  method: string,
  path: string,
  expected: number,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${config.baseUrl}${path}`, {
    method,
    headers: { ...config.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await response.text();
  if (response.status !== expected)
    throw new Error(
      `${method} ${path.replace(/[0-9a-f-]{36}/g, '{id}')} answered ${response.status}: ${text.slice(0, 200)}`,
    );
  return (text ? JSON.parse(text) : undefined) as T;
}

interface Created {
  file: { id: string };
  upload: { url: string; headers: Record<string, string> };
}

async function createAndPut(config: Common, bytes: Buffer): Promise<{ id: string; putDone: number }> {
  const created = await call<Created>(config, 'POST', '/v1/uploads', 201, {
    name: `bench-${randomUUID()}.bin`,
    size: bytes.length,
    contentType: 'application/octet-stream',
  });
  const put = await fetch(created.upload.url, {
    method: 'PUT',
    headers: created.upload.headers,
    body: bytes,
  });
  const text = await put.text();
  if (put.status !== 200) throw new Error(`PUT answered ${put.status}: ${text.slice(0, 200)}`);
  return { id: created.file.id, putDone: now() };
}

async function complete(config: Common, id: string): Promise<void> {
  const answer = await call<{ file: { status: string } }>(
    config,
    'POST',
    `/v1/uploads/${id}/complete`,
    200,
    {},
  );
  if (answer.file.status !== 'ready') throw new Error(`complete answered status ${answer.file.status}`);
}

async function waitReady(config: Common, id: string, pollMs: number, timeoutMs = 30_000): Promise<void> {
  const started = now();
  for (;;) {
    const polled = now();
    const file = await call<{ status: string }>(config, 'GET', `/v1/files/${id}`, 200);
    if (file.status === 'ready') return;
    if (file.status === 'failed') throw new Error(`file ${id} failed`);
    if (now() - started > timeoutMs) throw new Error(`file ${id} not ready after ${timeoutMs} ms`);
    await sleep(Math.max(0, polled + pollMs - now()));
  }
}

/** `concurrency` loops of `task` until the deadline; returns each task's duration. */
async function closedLoop(
  concurrency: number,
  durationMs: number,
  failures: Failures,
  task: () => Promise<void>,
) {
  const latencies: number[] = [];
  const deadline = now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (now() < deadline) {
        const started = now();
        try {
          await task();
          latencies.push(now() - started);
        } catch (error) {
          failures.add(error);
        }
      }
    }),
  );
  return latencies;
}

function result(count: number, failures: Failures, elapsedMs: number, latencies: number[]): FlowResult {
  return {
    count,
    errors: failures.count,
    elapsedMs,
    rate: count / (elapsedMs / 1000),
    latency: latencies.length > 0 ? summarize(latencies) : undefined,
    errorSamples: failures.samples,
  };
}

async function uploads(config: Extract<FlowConfig, { mode: 'uploads' }>): Promise<FlowResult> {
  const bytes = Buffer.alloc(config.size, 7);
  const failures = new Failures();
  const started = now();
  const latencies = await closedLoop(config.concurrency, config.durationMs, failures, async () => {
    const { id } = await createAndPut(config, bytes);
    await complete(config, id);
  });
  return result(latencies.length, failures, now() - started, latencies);
}

/** Sequential uploads: ms from the end of the PUT to complete answering 200 ready. */
async function completePath(config: Extract<FlowConfig, { mode: 'complete' }>): Promise<FlowResult> {
  const bytes = Buffer.alloc(config.size, 7);
  const failures = new Failures();
  const once = async () => {
    const { id, putDone } = await createAndPut(config, bytes);
    await complete(config, id);
    return now() - putDone;
  };
  for (let index = 0; index < config.warmUp; index += 1) await once();
  const latencies: number[] = [];
  const started = now();
  for (let index = 0; index < config.count; index += 1) {
    try {
      latencies.push(await once());
    } catch (error) {
      failures.add(error);
    }
  }
  return result(latencies.length, failures, now() - started, latencies);
}

/**
 * Uploads that never call complete: ms from the end of the PUT to GET showing
 * ready (polled every pollMs). A random pause before each upload keeps them
 * from locking onto a storage-event flush tick, as real uploads would not.
 */
async function eventPath(config: Extract<FlowConfig, { mode: 'event' }>): Promise<FlowResult> {
  const bytes = Buffer.alloc(config.size, 7);
  const failures = new Failures();
  const once = async () => {
    await sleep(Math.random() * config.pauseMaxMs);
    const { id, putDone } = await createAndPut(config, bytes);
    await waitReady(config, id, config.pollMs);
    return now() - putDone;
  };
  for (let index = 0; index < config.warmUp; index += 1) await once();
  const latencies: number[] = [];
  let next = 0;
  const started = now();
  await Promise.all(
    Array.from({ length: config.concurrency }, async () => {
      while (next < config.count) {
        next += 1;
        try {
          latencies.push(await once());
        } catch (error) {
          failures.add(error);
        }
      }
    }),
  );
  return result(latencies.length, failures, now() - started, latencies);
}

/** DELETE /v1/files/{id} for every id in the file, `concurrency` at a time. */
async function deletes(config: Extract<FlowConfig, { mode: 'deletes' }>): Promise<FlowResult> {
  const ids = fs.readFileSync(config.idsFile, 'utf8').split('\n').filter(Boolean);
  const failures = new Failures();
  const latencies: number[] = [];
  const purgeTimes: number[] = [];
  let next = 0;
  const started = now();
  await Promise.all(
    Array.from({ length: config.concurrency }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const sent = now();
        try {
          const answer = await call<{ file: { purgeAt: string } }>(config, 'DELETE', `/v1/files/${id}`, 202);
          latencies.push(now() - sent);
          purgeTimes.push(Date.parse(answer.file.purgeAt));
        } catch (error) {
          failures.add(error);
        }
      }
    }),
  );
  return {
    ...result(latencies.length, failures, now() - started, latencies),
    purgeAt: purgeTimes.length
      ? { first: Math.min(...purgeTimes), last: Math.max(...purgeTimes) }
      : undefined,
  };
}

/**
 * Mixed traffic: each client picks, per step, a list (40 %), a download of
 * one of its files (API answer, then the object; 25 %), an upload with
 * complete (20 %) or a delete of one of its files (15 %).
 */
async function soak(config: Extract<FlowConfig, { mode: 'soak' }>): Promise<FlowResult> {
  const bytes = Buffer.alloc(config.size, 7);
  const failures = new Failures();
  const operations: Record<string, number> = { list: 0, download: 0, upload: 0, delete: 0 };
  // The typed client, as a user's program would call the API (the flow's headers carry the token).
  const client = new StreamHubClient({ baseUrl: config.baseUrl, fetch: withHeaders(config.headers) });
  const started = now();
  const latencies = await Promise.all(
    Array.from({ length: config.concurrency }, async () => {
      const mine: string[] = [];
      const upload = async () => {
        const file = await client.upload(bytes, { name: `bench-${randomUUID()}.bin` });
        if (file.status !== 'ready') throw new Error(`upload ended ${file.status}`);
        mine.push(file.id);
        operations.upload! += 1;
      };
      return closedLoop(1, config.durationMs, failures, async () => {
        const dice = Math.random();
        if (mine.length === 0 || (dice >= 0.65 && dice < 0.85)) return upload();
        if (dice < 0.4) {
          unwrap(await client.api.GET('/v1/files', { params: { query: { limit: 50 } } }));
          operations.list! += 1;
        } else if (dice < 0.65) {
          const id = mine[Math.floor(Math.random() * mine.length)]!;
          const link = unwrap(
            await client.api.GET('/v1/files/{id}/download', {
              params: { path: { id }, query: { redirect: 'false' } },
            }),
          );
          const object = await fetch(link.url);
          await object.arrayBuffer();
          if (object.status !== 200) throw new Error(`GET of the presigned URL answered ${object.status}`);
          operations.download! += 1;
        } else {
          const id = mine.splice(Math.floor(Math.random() * mine.length), 1)[0]!;
          unwrap(await client.api.DELETE('/v1/files/{id}', { params: { path: { id } } }));
          operations.delete! += 1;
        }
      });
    }),
  );
  const all = latencies.flat();
  return { ...result(all.length, failures, now() - started, all), operations };
}

/** fetch that adds the flow's headers (its user's Authorization and X-Forwarded-For) to every API call. */
function withHeaders(headers: Record<string, string>): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    return fetch(request);
  };
}

const MODES = { uploads, complete: completePath, event: eventPath, deletes, soak } as const;

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as FlowConfig;
  const run = MODES[config.mode] as ((config: FlowConfig) => Promise<FlowResult>) | undefined;
  if (!run) throw new Error(`unknown mode ${String(config.mode)}; one of ${Object.keys(MODES).join(', ')}`);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(await run(config))}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
