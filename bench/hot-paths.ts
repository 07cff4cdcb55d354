// The read paths of the table, each driven by wrk (its own process,
// `wrk -t2 -c16 -d10s`) after a short warm-up run: /healthz, /v1/me, the
// file list (10,000 ready files seeded in Postgres), a name search, one
// file, and its download link. run.ts measures /healthz (measureHealthz)
// before any benchmark; every other row is compared to it.
import { runWrk, type WrkResult } from './wrk';
import {
  LOAD,
  measuredLoad,
  newUser,
  now,
  removeUserData,
  say,
  scaled,
  seedReadyFiles,
  type BenchContext,
  type BenchUser,
  type ResultRow,
} from './support';
import type { RowId } from './table';

const NAME = 'hot-paths';
const FILES = scaled(10_000, 1000);
// Seeded names are listed-00000.bin ... listed-09999.bin: "4.bin" matches one in ten.
const SEARCH = '4.bin';

/** wrk against one path: a warm-up run, then the measured one. Errors are counted, not thrown. */
export async function wrkPath(ctx: BenchContext, path: string, user?: BenchUser): Promise<WrkResult> {
  const options = {
    wrk: ctx.wrk,
    url: `${ctx.baseUrl}${path}`,
    threads: LOAD.threads,
    connections: LOAD.concurrency,
    authorization: user?.headers.authorization,
    forwardedFor: user?.headers['x-forwarded-for'],
  };
  await runWrk({ ...options, durationS: LOAD.warmUpS }, ctx.repoRoot);
  return measuredLoad(ctx, () => runWrk({ ...options, durationS: LOAD.durationS }, ctx.repoRoot));
}

function record(ctx: BenchContext, row: RowId, label: string, result: WrkResult): ResultRow {
  ctx.measured.set(row, {
    rate: result.rate,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    errors: result.errors,
    note: row === 'list' && FILES !== 10_000 ? `only ${FILES} files` : undefined,
  });
  const failed = result.errors > 0 ? `; ${result.errors} FAILED or answered non-2xx` : '';
  say(
    NAME,
    `${label}: ${result.rate.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p90 ${result.p90Ms.toFixed(2)} ms, ` +
      `p99 ${result.p99Ms.toFixed(2)} ms, max ${result.maxMs.toFixed(1)} ms (${result.requests} requests${failed})`,
  );
  return {
    benchmark: NAME,
    metric: label,
    value: `${result.rate.toFixed(0)} req/s`,
    note: `p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms${failed}`,
  };
}

export async function measureHealthz(ctx: BenchContext): Promise<ResultRow> {
  return record(ctx, 'healthz', 'GET /healthz', await wrkPath(ctx, '/healthz'));
}

async function expectOk(user: BenchUser, path: string): Promise<void> {
  const answer = await user.call('GET', path);
  if (answer.status !== 200)
    throw new Error(`GET ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

export async function hotPaths(ctx: BenchContext): Promise<ResultRow[]> {
  // /healthz itself is measured by run.ts before any benchmark (measureHealthz).
  const rows: ResultRow[] = [];
  const user = await newUser(ctx.baseUrl, NAME);
  try {
    const seedStarted = now();
    const ids = await seedReadyFiles(ctx.db, user.id, FILES, { size: 4096, prefix: 'listed' });
    say(NAME, `seeded ${FILES} ready files in Postgres in ${((now() - seedStarted) / 1000).toFixed(2)} s`);
    const fileId = ids[Math.floor(ids.length / 2)]!;
    const paths: Array<[RowId, string, string]> = [
      ['me', 'GET /v1/me', '/v1/me'],
      ['list', `GET /v1/files?limit=50 (${FILES} files)`, '/v1/files?limit=50'],
      ['search', `GET /v1/files?limit=50&q=${SEARCH}`, `/v1/files?limit=50&q=${encodeURIComponent(SEARCH)}`],
      ['get', 'GET /v1/files/{id}', `/v1/files/${fileId}`],
      [
        'download',
        'GET /v1/files/{id}/download?redirect=false',
        `/v1/files/${fileId}/download?redirect=false`,
      ],
    ];
    for (const [row, label, path] of paths.filter(([row]) => !ctx.only || row === ctx.only)) {
      await expectOk(user, path);
      rows.push(record(ctx, row, label, await wrkPath(ctx, path, user)));
    }
    return rows;
  } finally {
    await removeUserData(ctx, user.id);
  }
}
