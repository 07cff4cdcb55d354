// How GET /v1/files?limit=50 scales with the number of files one user has:
// 1,000, then 100,000, then 1,000,000 ready files, each step topped up with
// one INSERT ... SELECT generate_series (a million rows take seconds, not the
// hours the API would), measured with wrk like the hot paths.
// `npm run bench -- list-scaling`; not part of the default run.
import { wrkPath } from './hot-paths';
import { newUser, now, removeUserData, say, scaled, sql, type BenchContext, type ResultRow } from './support';

const NAME = 'list-scaling';
const SIZES = [scaled(1000, 100), scaled(100_000, 1000), scaled(1_000_000, 10_000)];
const FILE_SIZE = 4096;

/** Adds files numbered [from, to) for the user: rows in files.files and file_versions, and usage. */
async function seedRange(ctx: BenchContext, userId: string, from: number, to: number): Promise<void> {
  await ctx.db.transaction(async (trx) => {
    await trx.raw(
      `WITH inserted AS (
         INSERT INTO files.files (id, owner_id, name, content_type, size, status, current_version, created_at, updated_at)
         SELECT gen_random_uuid(), ?, 'scaled-' || lpad(g::text, 7, '0') || '.bin', 'application/octet-stream', ?,
                'ready', 1, date_trunc('milliseconds', now()) - g * interval '1 millisecond', now()
         FROM generate_series(?::int, ?::int) AS g
         RETURNING id)
       INSERT INTO files.file_versions (file_id, version, size, content_type, status, expires_at, workflow_started_at, ready_at)
       SELECT id, 1, ?, 'application/octet-stream', 'ready', now(), now(), now() FROM inserted`,
      [userId, FILE_SIZE, from, to - 1, FILE_SIZE],
    );
    await trx.raw(
      `INSERT INTO files.usage (user_id, used_bytes, file_count) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET used_bytes = files.usage.used_bytes + excluded.used_bytes,
         file_count = files.usage.file_count + excluded.file_count, updated_at = now()`,
      [userId, (to - from) * FILE_SIZE, to - from],
    );
  });
  await ctx.db.raw('ANALYZE files.files, files.file_versions');
}

export async function listScaling(ctx: BenchContext): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const user = await newUser(ctx.baseUrl, NAME);
  try {
    let have = 0;
    for (const size of SIZES) {
      const started = now();
      await seedRange(ctx, user.id, have, size);
      have = size;
      const [count] = await sql<{ n: string }>(
        ctx.db,
        'SELECT count(*) AS n FROM files.files WHERE owner_id = ?',
        [user.id],
      );
      say(NAME, `${count!.n} files for the user (topped up in ${((now() - started) / 1000).toFixed(1)} s)`);
      const result = await wrkPath(ctx, '/v1/files?limit=50', user);
      say(
        NAME,
        `GET /v1/files?limit=50 with ${size.toLocaleString('en-US')} files: p50 ${result.p50Ms.toFixed(2)} ms, ` +
          `p99 ${result.p99Ms.toFixed(2)} ms, ${result.rate.toFixed(0)} req/s`,
      );
      rows.push({
        benchmark: NAME,
        metric: `GET /v1/files?limit=50, ${size.toLocaleString('en-US')} files`,
        value: `p50 ${result.p50Ms.toFixed(2)} ms`,
        note: `p99 ${result.p99Ms.toFixed(2)} ms, ${result.rate.toFixed(0)} req/s${result.errors ? `, ${result.errors} FAILED` : ''}`,
      });
    }
    return rows;
  } finally {
    await removeUserData(ctx, user.id);
  }
}
