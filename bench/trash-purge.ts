// Trashing 10,000 files and purging them, two ways:
//    trash-purge (A): DELETE /v1/files/{id} for each file, 16 at a time, sent
//      by bench/load/flow.ts in a process of its own; the first files are
//      purged while the last DELETEs arrive (the issue's "DELETE while a
//      purge runs" and "purge of 10,000 trashed files" rows);
//    trash-folder (B): DELETE /v1/folders/{id} of a folder holding them.
//    Each user gets a plan with a 5 s trash retention; the app runs with
//    TRASH_BATCH_WINDOW_SECONDS=1. The files are seeded ready in Postgres,
//    each with a real 1 KiB object at users/<user>/<file>/1 in MinIO.
//    BENCH_TRASH_FILES changes the 10,000.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFlow } from './flow-client';
import { fixed, latencyLine, seconds } from './stats';
import {
  checkStop,
  countObjectVersions,
  dropPlan,
  KIB,
  LOAD,
  measuredLoad,
  newUser,
  now,
  putObjects,
  removeUserData,
  say,
  scaled,
  seedReadyFiles,
  sleep,
  sql,
  stopping,
  usePlan,
  waitForIngestIdle,
  type BenchContext,
  type BenchUser,
  type ResultRow,
} from './support';

const NAME = 'trash-purge';
const FILES = Number(process.env.BENCH_TRASH_FILES || scaled(10_000, 300));
const TRASH_SECONDS = 5;
const WINDOW_SECONDS = 1; // the app's TRASH_BATCH_WINDOW_SECONDS, set by run.ts
const DELETE_CONCURRENCY = LOAD.concurrency;
const PUT_CONCURRENCY = 32;
const PURGE_TIMEOUT_MS = scaled(30 * 60_000, 120_000);
const STALL_MS = scaled(180_000, 60_000);
const OBJECT = Buffer.alloc(KIB, 42);

interface Scenario {
  label: string;
  user: BenchUser;
  planId: string;
  ids: string[];
  folderId?: string;
}

async function prepare(ctx: BenchContext, label: string, inFolder: boolean): Promise<Scenario> {
  const user = await newUser(ctx.baseUrl, `${NAME}-${label}`);
  const planId = await usePlan(ctx.db, user.id, {
    quota: 2 ** 40,
    maxFile: 2 ** 30,
    trashSeconds: TRASH_SECONDS,
  });
  let folderId: string | undefined;
  if (inFolder) {
    const folder = await user.call<{ id: string }>('POST', '/v1/folders', { body: { name: 'bench-10k' } });
    if (folder.status !== 201) throw new Error(`POST /v1/folders answered ${folder.status}`);
    folderId = folder.body.id;
  }
  return { label, user, planId, ids: [], folderId };
}

/**
 * Epoch ms at which the user has no trashed row left in files.files (polled
 * every 100 ms). Gives up at the time limit, or sooner when no row has gone
 * for STALL_MS (a purge that is stuck, not slow): `stalledFor` says so.
 */
async function waitPurged(
  ctx: BenchContext,
  userId: string,
): Promise<{ doneAt?: number; left: number; stalledFor?: number }> {
  const deadline = Date.now() + PURGE_TIMEOUT_MS;
  let left = Number.NaN;
  let lastPrint = Date.now();
  let leftAtLastPrint = FILES;
  let lastProgress = Date.now();
  while (Date.now() < deadline) {
    checkStop();
    const [row] = await sql<{ n: string }>(
      ctx.db,
      "SELECT count(*) AS n FROM files.files WHERE owner_id = ? AND status = 'trashed'",
      [userId],
    );
    const before = left;
    left = Number(row!.n);
    if (left === 0) return { doneAt: Date.now(), left };
    if (left !== before) lastProgress = Date.now();
    if (Date.now() - lastProgress > STALL_MS) return { left, stalledFor: Date.now() - lastProgress };
    if (Date.now() - lastPrint > 30_000) {
      const rate = (leftAtLastPrint - left) / ((Date.now() - lastPrint) / 1000);
      say(NAME, `  ... ${left} rows left (${fixed(rate, 1)} files/s over the last 30 s)`);
      lastPrint = Date.now();
      leftAtLastPrint = left;
    }
    await sleep(100);
  }
  return { left };
}

async function countWorkflows(ctx: BenchContext, userId: string) {
  const byStatus: Record<string, number> = {};
  let total = 0;
  const query = `WorkflowType='trashWorkflow' AND UserId='${userId}'`;
  for await (const workflow of ctx.temporal.workflow.list({ query })) {
    total += 1;
    byStatus[workflow.status.name] = (byStatus[workflow.status.name] ?? 0) + 1;
  }
  const detail = Object.entries(byStatus)
    .map(([status, count]) => `${count} ${status.toLowerCase()}`)
    .join(', ');
  return { total, detail };
}

/**
 * Removes what is left of the user's files and waits for the user's trash
 * workflows to end (they then find nothing to purge), so that they neither
 * load the next measurement nor outlive the app's worker (its task queue is
 * this run's own); any still running after a minute, or at once when the run
 * is being stopped, are terminated.
 */
async function finish(ctx: BenchContext, userId: string): Promise<void> {
  await removeUserData(ctx, userId);
  const query = `WorkflowType='trashWorkflow' AND UserId='${userId}' AND ExecutionStatus='Running'`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const running = [];
    for await (const workflow of ctx.temporal.workflow.list({ query })) running.push(workflow);
    if (running.length === 0) return;
    if (Date.now() > deadline || stopping.signal.aborted) {
      for (const workflow of running)
        await ctx.temporal.workflow
          .getHandle(workflow.workflowId, workflow.runId)
          .terminate('benchmark cleanup');
      say(NAME, `terminated ${running.length} trash workflows still running after the cleanup`);
      return;
    }
    await sleep(1000);
  }
}

async function purgeAtRange(ctx: BenchContext, userId: string): Promise<{ first: number; last: number }> {
  const [row] = await sql<{ first: Date; last: Date }>(
    ctx.db,
    "SELECT min(purge_at) AS first, max(purge_at) AS last FROM files.files WHERE owner_id = ? AND status = 'trashed'",
    [userId],
  );
  return { first: row!.first.getTime(), last: row!.last.getTime() };
}

/** Waits for the purge, then reports it: time from purge_at, rows and objects left, workflows started. */
async function reportPurge(
  ctx: BenchContext,
  scenario: Scenario,
  purgeAt: { first: number; last: number },
  rows: ResultRow[],
  issueRow: boolean,
): Promise<void> {
  const { user, label } = scenario;
  const { first, last } = purgeAt;
  const { doneAt, left, stalledFor } = await waitPurged(ctx, user.id);
  const windowMs = WINDOW_SECONDS * 1000;
  const firstTimer = Math.ceil(first / windowMs) * windowMs;
  await sleep(1000); // visibility is eventually consistent
  const workflows = await countWorkflows(ctx, user.id);
  const objectsLeft = await countObjectVersions(ctx, `users/${user.id}/`);
  const [usage] = await sql<{ file_count: number; used_bytes: string }>(
    ctx.db,
    'SELECT file_count, used_bytes FROM files.usage WHERE user_id = ?',
    [user.id],
  );
  if (doneAt === undefined) {
    const why =
      stalledFor === undefined
        ? `not finished after ${seconds(PURGE_TIMEOUT_MS)}`
        : `stalled: no row purged for ${seconds(stalledFor)}`;
    say(NAME, `(${label}) purge ${why}; ${left} of ${FILES} rows left`);
    if (issueRow) ctx.measured.set('purge', { incomplete: `${why} (${left} of ${FILES} rows left)` });
    rows.push({
      benchmark: NAME,
      metric: `(${label}) purge, from purge_at to no row left`,
      value: 'unfinished',
      note: `${why}; ${left} of ${FILES} rows left`,
    });
  } else {
    const spread = last - first;
    const fromLast = doneAt - last;
    const rate = FILES / ((doneAt - firstTimer) / 1000);
    if (issueRow)
      ctx.measured.set('purge', {
        seconds: fromLast / 1000,
        note: FILES !== 10_000 ? `only ${FILES} files` : undefined,
      });
    say(
      NAME,
      `(${label}) purge done ${seconds(fromLast)} after the ${spread > 0 ? 'last ' : ''}purge_at` +
        (spread > 0
          ? ` (${seconds(doneAt - first)} after the first; purge_at spread over ${seconds(spread)})`
          : '') +
        `; about ${fixed(rate, 0)} files/s from the first timer`,
    );
    rows.push({
      benchmark: NAME,
      metric: `(${label}) purge, from ${spread > 0 ? 'last ' : ''}purge_at to no row left`,
      value: seconds(fromLast),
      note:
        (spread > 0 ? `${seconds(doneAt - first)} from the first purge_at; ` : '') +
        `${fixed(rate, 0)} files/s from the first timer (${WINDOW_SECONDS} s windows)`,
    });
  }
  say(
    NAME,
    `(${label}) trash workflows started for the user: ${workflows.total} (${workflows.detail}); ` +
      `object versions left: ${objectsLeft}; usage file_count ${usage?.file_count}, used_bytes ${usage?.used_bytes}`,
  );
  rows.push({
    benchmark: NAME,
    metric: `(${label}) trashWorkflow runs for the user`,
    value: String(workflows.total),
    note: `${workflows.detail}; objects left ${objectsLeft}`,
  });
}

async function trashEachFile(ctx: BenchContext, scenario: Scenario, rows: ResultRow[]): Promise<void> {
  const { user, ids } = scenario;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-trash-'));
  const idsFile = path.join(dir, 'ids.txt');
  fs.writeFileSync(idsFile, ids.join('\n'));
  const result = await runFlow({
    mode: 'deletes',
    baseUrl: ctx.baseUrl,
    headers: user.headers,
    idsFile,
    concurrency: DELETE_CONCURRENCY,
  }).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
  const failures = `${result.errors} failed (first: ${result.errorSamples.join(' | ')})`;
  if (!result.latency || !result.purgeAt) throw new Error(`DELETE /v1/files: ${failures}`);
  if (result.errors > 0) say(NAME, `(A) DELETE /v1/files/{id}: ${failures}`);
  ctx.measured.set('delete', {
    rate: result.rate,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
  });
  say(
    NAME,
    `(A) ${ids.length} x DELETE /v1/files/{id}, ${DELETE_CONCURRENCY} concurrent: all accepted in ${seconds(result.elapsedMs)} ` +
      `(${fixed(result.rate, 0)} req/s); per request ${latencyLine(result.latency)}`,
  );
  rows.push({
    benchmark: NAME,
    metric: `(A) accept ${ids.length} x DELETE /v1/files/{id}`,
    value: seconds(result.elapsedMs),
    note: `${DELETE_CONCURRENCY} concurrent, ${fixed(result.rate, 0)} req/s, p99 ${result.latency.p99.toFixed(1)} ms`,
  });
  // The first files are already being purged while the last DELETEs run: take purge_at from the answers.
  await reportPurge(ctx, scenario, result.purgeAt, rows, true);
}

async function trashFolder(ctx: BenchContext, scenario: Scenario, rows: ResultRow[]): Promise<void> {
  const { user, folderId } = scenario;
  const started = now();
  const response = await user.call<{ files: number }>('DELETE', `/v1/folders/${folderId}`);
  const elapsed = now() - started;
  if (response.status !== 202 || response.body.files !== scenario.ids.length)
    throw new Error(`DELETE /v1/folders answered ${response.status}: ${JSON.stringify(response.body)}`);
  say(
    NAME,
    `(B) DELETE /v1/folders/{id} holding ${response.body.files} files: accepted in ${seconds(elapsed)}`,
  );
  rows.push({
    benchmark: NAME,
    metric: `(B) accept DELETE /v1/folders/{id} (${response.body.files} files)`,
    value: seconds(elapsed),
    note: 'one request',
  });
  await reportPurge(ctx, scenario, await purgeAtRange(ctx, user.id), rows, false);
}

/** Seeds the scenario's files (rows and objects), waits for ingest, then trashes and reports. */
async function trashAndPurge(
  ctx: BenchContext,
  scenario: Scenario,
  trash: (ctx: BenchContext, scenario: Scenario, rows: ResultRow[]) => Promise<void>,
): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  try {
    let started = now();
    scenario.ids = await seedReadyFiles(ctx.db, scenario.user.id, FILES, {
      size: OBJECT.length,
      folderId: scenario.folderId,
      prefix: `trash-${scenario.label}`,
    });
    const rowsMs = now() - started;
    started = now();
    const keys = scenario.ids.map((id) => `users/${scenario.user.id}/${id}/1`);
    await putObjects(ctx, keys, OBJECT, PUT_CONCURRENCY);
    const objectsMs = now() - started;
    started = now();
    const backlog = await waitForIngestIdle(ctx, 10 * 60_000);
    const drainMs = now() - started;
    say(NAME, `(${scenario.label}) seeding (not part of any figure): ${FILES} files`);
    say(NAME, `  Postgres rows (files, file_versions, usage): ${seconds(rowsMs)}`);
    say(
      NAME,
      `  MinIO objects (${FILES} x 1 KiB, minio-js putObject, ${PUT_CONCURRENCY} concurrent): ` +
        `${seconds(objectsMs)} (${fixed(FILES / (objectsMs / 1000), 0)} objects/s)`,
    );
    say(
      NAME,
      `  waiting for ingest to consume their storage events (${backlog} messages): ${seconds(drainMs)}`,
    );
    await measuredLoad(ctx, () => trash(ctx, scenario, rows));
    return rows;
  } finally {
    await finish(ctx, scenario.user.id);
    await dropPlan(ctx.db, scenario.user.id, scenario.planId);
  }
}

export async function trashPurge(ctx: BenchContext): Promise<ResultRow[]> {
  return trashAndPurge(ctx, await prepare(ctx, 'A', false), trashEachFile);
}

export async function trashFolderPurge(ctx: BenchContext): Promise<ResultRow[]> {
  return trashAndPurge(ctx, await prepare(ctx, 'B', true), trashFolder);
}
