// 3. GET /v1/files?limit=50 requests per second for a user with 10,000 ready
//    files, against the gateway's /healthz on the same run: same client
//    (fetch), same headers, same concurrency, same duration.
import { fixed, latencyLine, summarize } from './stats';
import {
  closedLoop,
  newUser,
  now,
  removeUserData,
  say,
  scaled,
  seedReadyFiles,
  type BenchContext,
  type ResultRow,
} from './support';

const NAME = 'list-files';
const FILES = scaled(10_000, 1000);
const CONCURRENCY = 16;
const DURATION_MS = scaled(10_000, 2000);
const WARM_UP_MS = scaled(2000, 500);

export async function listFiles(ctx: BenchContext): Promise<ResultRow[]> {
  const user = await newUser(ctx.baseUrl, NAME);
  try {
    const seedStarted = now();
    await seedReadyFiles(ctx.db, user.id, FILES, { size: 4096, prefix: 'listed' });
    say(
      NAME,
      `seeded ${FILES} ready files directly in Postgres in ${((now() - seedStarted) / 1000).toFixed(2)} s`,
    );

    const first = await user.call<{ items: unknown[]; nextCursor: string | null }>(
      'GET',
      '/v1/files?limit=50',
    );
    if (first.status !== 200 || first.body.items.length !== 50 || !first.body.nextCursor)
      throw new Error(
        `GET /v1/files?limit=50 answered ${first.status} with ${first.body.items?.length} items`,
      );

    const list = `${ctx.baseUrl}/v1/files?limit=50`;
    const health = `${ctx.baseUrl}/healthz`;
    await closedLoop(health, user.headers, CONCURRENCY, WARM_UP_MS);
    await closedLoop(list, user.headers, CONCURRENCY, WARM_UP_MS);
    const healthRun = await closedLoop(health, user.headers, CONCURRENCY, DURATION_MS);
    const listRun = await closedLoop(list, user.headers, CONCURRENCY, DURATION_MS);
    if (healthRun.errors + listRun.errors > 0)
      throw new Error(`errors: healthz ${healthRun.errors}, list ${listRun.errors}`);
    const healthRps = healthRun.requests / (healthRun.elapsedMs / 1000);
    const listRps = listRun.requests / (listRun.elapsedMs / 1000);
    const ratio = listRps / healthRps;
    const run = `${CONCURRENCY} concurrent, ${DURATION_MS / 1000} s each`;
    say(
      NAME,
      `/healthz: ${fixed(healthRps, 0)} req/s (${run}); latency ${latencyLine(summarize(healthRun.latencies))}`,
    );
    say(
      NAME,
      `GET /v1/files?limit=50 (${FILES} files): ${fixed(listRps, 0)} req/s; latency ${latencyLine(summarize(listRun.latencies))}`,
    );
    say(NAME, `ratio list/healthz: ${fixed(ratio, 3)}`);
    const listLatency = summarize(listRun.latencies);
    return [
      { benchmark: NAME, metric: 'GET /healthz', value: `${fixed(healthRps, 0)} req/s`, note: run },
      {
        benchmark: NAME,
        metric: `GET /v1/files?limit=50, ${FILES} files`,
        value: `${fixed(listRps, 0)} req/s`,
        note: `p50 ${listLatency.p50.toFixed(1)} ms, p99 ${listLatency.p99.toFixed(1)} ms; rows seeded in Postgres`,
      },
      { benchmark: NAME, metric: 'ratio list / healthz', value: fixed(ratio, 3), note: run },
    ];
  } finally {
    await removeUserData(ctx, user.id);
  }
}
