// What every benchmark shares: the clients, a signed-up user, seeding rows and
// objects, cleaning up, bounded concurrency and waiting for Kafka consumers.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Kafka, logLevel } from 'kafkajs';
import knex, { type Knex } from 'knex';
import { Client as MinioClient } from 'minio';
import { TOPICS } from '../services/internal/kafka/topics';
import { apiClient, uniqueEmail } from '../services/internal/testing/http';
import { usePlan as givePlan, type TestPlanLimits } from '../services/internal/testing/plans';
import { describeCpu, sampleCpu } from './cpu-usage';
import { monotonicUs } from './cpuprofile';
import type { Measurement, RowId } from './table';

export { sleep };
export const KIB = 1024;
export const MIB = 1024 * 1024;
export const now = (): number => performance.now();

/** Aborted on Ctrl-C/SIGTERM: measurements stop at the next checkStop(), cleanups still run. */
export const stopping = new AbortController();

export function checkStop(): void {
  if (stopping.signal.aborted) throw new Error('interrupted');
}

/** BENCH_SMOKE=1 shrinks every count, to check the benchmarks work; its numbers mean nothing. */
export const SMOKE = process.env.BENCH_SMOKE === '1';
export const scaled = (full: number, smoke: number): number => (SMOKE ? smoke : full);

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw} is not a positive number`);
  return value;
}

/** The generator settings: `wrk -t2 -c16 -d10s`; BENCH_DURATION_S changes the duration. */
export const LOAD = {
  threads: 2,
  concurrency: 16,
  durationS: positiveNumber('BENCH_DURATION_S', scaled(10, 2)),
  warmUpS: scaled(2, 1),
} as const;

/** The consumer-group prefix the bench app uses, so it never shares groups with a test or dev app. */
export interface ResultRow {
  benchmark: string;
  metric: string;
  value: string;
  note?: string;
}

export interface BenchContext {
  baseUrl: string;
  /** The app's process (RSS is read from /proc/<pid>). */
  appPid: number;
  /** The app's Prometheus endpoint's origin. */
  metricsUrl: string;
  repoRoot: string;
  /** The wrk binary (tilt/local/install/wrk.ts). */
  wrk: string;
  /** The rows measured so far, for the summary table. */
  measured: Map<RowId, Measurement>;
  /** When profiling one row (run.ts --profile): benchmarks that measure several rows measure only this one. */
  only?: RowId;
  /** When each measured load ran (monotonic µs), so a profile can leave out start-up and seeding. */
  loadWindows: Array<readonly [number, number]>;
  db: Knex;
  s3: MinioClient;
  bucket: string;
  temporal: TemporalClient;
  kafkaBrokers: string;
  kafkaGroupPrefix: string;
  /** How the app was started, for a benchmark that starts another process of it (ws-fanout's gateway). */
  launch?: { entry: string; env: Record<string, string>; grpcPort: number; logDir: string };
  close(): Promise<void>;
}

export type Benchmark = (ctx: BenchContext) => Promise<ResultRow[]>;

export async function createContext(
  app: { baseUrl: string; appPid: number; metricsUrl: string; repoRoot: string; wrk: string },
  env: Record<string, string>,
): Promise<BenchContext> {
  const db = knex({ client: 'pg', connection: env.DATABASE_URL, pool: { min: 0, max: 8 } });
  const endpoint = new URL(env.S3_ENDPOINT!);
  const s3 = new MinioClient({
    endPoint: endpoint.hostname,
    port: Number(endpoint.port),
    useSSL: false,
    accessKey: env.S3_ACCESS_KEY!,
    secretKey: env.S3_SECRET_KEY!,
    region: env.S3_REGION ?? 'us-east-1',
    pathStyle: true,
  });
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
  const temporal = new TemporalClient({ connection, namespace: env.TEMPORAL_NAMESPACE ?? 'default' });
  return {
    ...app,
    measured: new Map(),
    loadWindows: [],
    db,
    s3,
    bucket: env.S3_BUCKET!,
    temporal,
    kafkaBrokers: env.KAFKA_BROKERS!,
    kafkaGroupPrefix: env.KAFKA_GROUP_PREFIX!,
    close: async () => {
      await db.destroy();
      await connection.close();
    },
  };
}

/** Rows of one SQL statement (knex raw, pg driver). */
export async function sql<T = unknown>(db: Knex, text: string, bindings: readonly Knex.RawBinding[] = []) {
  const result = await db.raw<{ rows: T[] }>(text, bindings);
  return result.rows;
}

export type Api = ReturnType<typeof apiClient>;

export interface BenchUser {
  id: string;
  /** The address it signed up with (shares name their grantee by email). */
  email: string;
  password: string;
  call: Api;
  /** The headers `call` sends, for requests made with fetch directly (load loops). */
  headers: Record<string, string>;
}

const PASSWORD = 'correct horse battery staple';

/** A fresh account through POST /v1/auth/signup; its requests come from their own client address. */
export async function newUser(baseUrl: string, label: string): Promise<BenchUser> {
  const ip = `10.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}.7`;
  const api = apiClient(baseUrl, { ip });
  const email = uniqueEmail(`bench-${label}`);
  const signup = await api<{ accessToken: string; user: { id: string } }>('POST', '/v1/auth/signup', {
    body: { email, password: PASSWORD },
  });
  if (signup.status !== 201)
    throw new Error(`signup answered ${signup.status}: ${JSON.stringify(signup.body)}`);
  const token = signup.body.accessToken;
  const call: Api = (method, path, options = {}) => api(method, path, { token, ...options });
  return {
    id: signup.body.user.id,
    email,
    password: PASSWORD,
    call,
    headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': ip },
  };
}

export interface CreatedUpload {
  file: { id: string; status: string };
  upload: { url: string; headers: Record<string, string> };
}

/** POST /v1/uploads for a single-PUT upload of `size` bytes (into `folderId`, or the root). */
export async function createUpload(user: BenchUser, size: number, folderId?: string): Promise<CreatedUpload> {
  const created = await user.call<CreatedUpload>('POST', '/v1/uploads', {
    body: { name: `bench-${randomUUID()}.bin`, size, contentType: 'application/octet-stream', folderId },
  });
  if (created.status !== 201)
    throw new Error(`POST /v1/uploads answered ${created.status}: ${JSON.stringify(created.body)}`);
  if (!created.body.upload.url) throw new Error('POST /v1/uploads answered without a single-PUT url');
  return created.body;
}

/** PUT to a presigned URL; resolves once the whole answer has been read. */
export async function putBytes(url: string, headers: Record<string, string>, bytes: Buffer): Promise<void> {
  const response = await fetch(url, { method: 'PUT', headers, body: bytes });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`PUT answered ${response.status}: ${text.slice(0, 300)}`);
}

/** Polls GET /v1/files/{id} every `intervalMs` until the file is ready; resolves at the ready answer. */
export async function waitReady(user: BenchUser, fileId: string, intervalMs: number, timeoutMs = 30_000) {
  const started = now();
  for (;;) {
    checkStop();
    const polled = now();
    const response = await user.call<{ status: string }>('GET', `/v1/files/${fileId}`);
    if (response.body.status === 'ready') return;
    if (response.status !== 200 || response.body.status === 'failed')
      throw new Error(`file ${fileId}: GET answered ${response.status} ${JSON.stringify(response.body)}`);
    if (now() - started > timeoutMs) throw new Error(`file ${fileId} not ready after ${timeoutMs} ms`);
    await sleep(Math.max(0, polled + intervalMs - now()));
  }
}

/** Runs task(0..count-1) with at most `concurrency` in flight. */
export async function pool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      checkStop();
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Gives the user a plan of their own (see services/internal/testing/plans.ts). Returns the plan id. */
export function usePlan(db: Knex, userId: string, plan: TestPlanLimits): Promise<string> {
  return givePlan(db, userId, plan, 'bench');
}

/** Puts the user back on the default plan and deletes the bench plan. */
export async function dropPlan(db: Knex, userId: string, planId: string): Promise<void> {
  await db('billing.subscriptions').where({ user_id: userId }).delete();
  await db('billing.plans').where({ id: planId }).delete();
}

/**
 * Writes `count` ready files straight into Postgres, as the files service
 * would after `count` confirmed uploads: files.files (status ready),
 * files.file_versions (version 1, ready) and the user's files.usage.
 * Returns the file ids.
 */
export async function seedReadyFiles(
  db: Knex,
  userId: string,
  count: number,
  options: { size: number; folderId?: string; prefix?: string },
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  const stamp = new Date();
  const pad = String(count).length;
  await db.transaction(async (trx) => {
    await trx.batchInsert(
      'files.files',
      ids.map((id, index) => ({
        id,
        owner_id: userId,
        folder_id: options.folderId ?? null,
        name: `${options.prefix ?? 'seeded'}-${String(index).padStart(pad, '0')}.bin`,
        content_type: 'application/octet-stream',
        size: options.size,
        status: 'ready',
        current_version: 1,
      })),
      1000,
    );
    await trx.batchInsert(
      'files.file_versions',
      ids.map((id) => ({
        file_id: id,
        version: 1,
        size: options.size,
        content_type: 'application/octet-stream',
        status: 'ready',
        expires_at: stamp,
        workflow_started_at: stamp,
        ready_at: stamp,
      })),
      1000,
    );
    await trx.raw(
      `INSERT INTO files.usage (user_id, used_bytes, file_count) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET used_bytes = files.usage.used_bytes + excluded.used_bytes,
         file_count = files.usage.file_count + excluded.file_count, updated_at = now()`,
      [userId, count * options.size, count],
    );
  });
  await db.raw('ANALYZE files.files, files.file_versions');
  return ids;
}

/** Puts one small object per key with minio-js, `concurrency` at a time. */
export async function putObjects(ctx: BenchContext, keys: string[], bytes: Buffer, concurrency: number) {
  await pool(keys.length, concurrency, (index) =>
    ctx.s3.putObject(ctx.bucket, keys[index]!, bytes, bytes.length, {
      'Content-Type': 'application/octet-stream',
    }),
  );
}

interface VersionEntry {
  name?: string;
  versionId?: string | null;
}

// minio-js 8 sends a versioned listing's key-marker unescaped, so S3 refuses
// the signature of every page after the first: list first pages only.
async function firstVersionsPage(ctx: BenchContext, prefix: string) {
  const page = await ctx.s3.listObjectsQuery(ctx.bucket, prefix, '', {
    IncludeVersion: true,
    Delimiter: '',
    MaxKeys: 1000,
  });
  return { entries: page.objects as VersionEntry[], truncated: page.isTruncated === true };
}

/** Object versions and delete markers under the prefix: "0", "12", or "1000+". */
export async function countObjectVersions(ctx: BenchContext, prefix: string): Promise<string> {
  const { entries, truncated } = await firstVersionsPage(ctx, prefix);
  return `${entries.length}${truncated ? '+' : ''}`;
}

/** Deletes every version and delete marker under the prefix (the bucket is versioned). */
export async function removePrefix(ctx: BenchContext, prefix: string): Promise<number> {
  let removed = 0;
  for (;;) {
    // Deleted versions are not listed again, so the first page is always the next batch.
    const { entries } = await firstVersionsPage(ctx, prefix);
    if (entries.length === 0) return removed;
    const results = await ctx.s3.removeObjects(
      ctx.bucket,
      entries.map((entry) => ({ name: entry.name!, versionId: entry.versionId ?? 'null' })),
    );
    const failed = results.find((result) => result?.Error);
    if (failed?.Error) throw new Error(`S3 refused to delete under ${prefix}: ${failed.Error.Code}`);
    removed += entries.length;
  }
}

/** Removes what a benchmark left for this user: its file rows, folders, usage and objects. */
export async function removeUserData(ctx: BenchContext, userId: string): Promise<void> {
  await ctx.db('files.files').where({ owner_id: userId }).delete(); // versions cascade
  await ctx.db('files.folders').where({ owner_id: userId }).delete();
  await ctx.db('files.usage').where({ user_id: userId }).delete();
  await removePrefix(ctx, `users/${userId}/`);
}

/**
 * Waits until the app's storage-event consumer (ingest) has committed every
 * message of storage.object-events and the topic stopped growing for
 * `quietMs` (MinIO sends queued notifications asynchronously). Returns how
 * many messages the consumer went through meanwhile.
 */
export async function waitForIngestIdle(ctx: BenchContext, timeoutMs: number, quietMs = 3000) {
  const kafka = new Kafka({
    clientId: 'streamhub-bench',
    brokers: [ctx.kafkaBrokers],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const topic = TOPICS.storageObjectEvents.name;
  const groupId = `${ctx.kafkaGroupPrefix}.ingest.object-created`;
  await admin.connect();
  try {
    const position = async () => {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      let lag = 0;
      let consumed = 0;
      for (const end of ends) {
        const offset = Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
        const at = offset >= 0 ? offset : Number(end.low);
        lag += Number(end.high) - at;
        consumed += at;
      }
      return { lag, consumed, ends: ends.map((end) => `${end.partition}:${end.high}`).join(',') };
    };
    const started = Date.now();
    const first = await position();
    let lastEnds = first.ends;
    let quietSince = Date.now();
    for (;;) {
      checkStop();
      const now = await position();
      if (now.ends !== lastEnds) {
        lastEnds = now.ends;
        quietSince = Date.now();
      }
      if (now.lag === 0 && Date.now() - quietSince >= quietMs) return now.consumed - first.consumed;
      if (Date.now() - started > timeoutMs)
        throw new Error(
          `consumer group ${groupId} still ${now.lag} storage events behind after ${timeoutMs} ms`,
        );
      await sleep(250);
    }
  } finally {
    await admin.disconnect();
  }
}

/** Runs one measured load and notes when it ran (see BenchContext.loadWindows). */
export async function measuredLoad<T>(ctx: BenchContext, load: () => Promise<T>): Promise<T> {
  const start = monotonicUs();
  const runtimeDir = path.join(ctx.repoRoot, '.streamhub');
  const cpuBefore = sampleCpu(ctx.appPid, runtimeDir);
  try {
    return await load();
  } finally {
    ctx.loadWindows.push([start, monotonicUs()]);
    say('cpu', describeCpu(cpuBefore, sampleCpu(ctx.appPid, runtimeDir), os.cpus().length));
  }
}

/** Prints one measured figure as soon as it is known. */
export function say(benchmark: string, line: string): void {
  process.stdout.write(`  [${benchmark}] ${line}\n`);
}
