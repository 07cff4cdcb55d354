// A soak of mixed traffic (lists, downloads, uploads with complete, deletes)
// from bench/load/flow.ts in a process of its own, 16 clients for 5 minutes
// (BENCH_SOAK_S changes it), while the app's RSS is sampled every 10 s.
// Reports RSS growth and failed requests. `npm run bench -- soak`; not part of
// the default run.
import { runFlow } from './flow-client';
import { appRss, formatRss } from './rss';
import { latencyLine } from './stats';
import {
  LOAD,
  newUser,
  removeUserData,
  say,
  scaled,
  seedReadyFiles,
  type BenchContext,
  type ResultRow,
} from './support';

const NAME = 'soak';
const DURATION_S = Number(process.env.BENCH_SOAK_S || scaled(300, 20));
const SAMPLE_MS = scaled(10_000, 2000);

export async function soak(ctx: BenchContext): Promise<ResultRow[]> {
  const user = await newUser(ctx.baseUrl, NAME);
  try {
    // A list with something in it from the first request on.
    await seedReadyFiles(ctx.db, user.id, 2000, { size: 4096, prefix: 'soak' });
    const before = appRss(ctx.appPid);
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(appRss(ctx.appPid).totalMiB), SAMPLE_MS);
    let result;
    try {
      result = await runFlow({
        mode: 'soak',
        baseUrl: ctx.baseUrl,
        headers: user.headers,
        concurrency: LOAD.concurrency,
        durationMs: DURATION_S * 1000,
        size: 1024,
      });
    } finally {
      clearInterval(sampler);
    }
    const after = appRss(ctx.appPid);
    // The first minute warms the JIT and fills pools and caches; growth after it is what would leak.
    const warmIndex = Math.min(samples.length - 1, Math.ceil(60_000 / SAMPLE_MS) - 1);
    const warm = samples[Math.max(0, warmIndex)] ?? before.totalMiB;
    const growth = (from: number) => `${(((after.totalMiB - from) / from) * 100).toFixed(1)} %`;
    const peak = Math.max(before.totalMiB, ...samples, after.totalMiB);
    const operations = Object.entries(result.operations ?? {})
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ');
    say(NAME, `${DURATION_S} s, ${LOAD.concurrency} clients: ${operations}; ${result.errors} failed`);
    if (result.errorSamples.length > 0) say(NAME, `  first failures: ${result.errorSamples.join(' | ')}`);
    if (result.latency) say(NAME, `  per operation ${latencyLine(result.latency)}`);
    say(
      NAME,
      `RSS ${formatRss(before)} before, ${warm.toFixed(0)} MiB after the first minute, ${formatRss(after)} at the end ` +
        `(peak ${peak.toFixed(0)} MiB): growth ${growth(before.totalMiB)} from the start, ${growth(warm)} after the first minute`,
    );
    return [
      {
        benchmark: NAME,
        metric: `${DURATION_S} s mixed traffic, ${LOAD.concurrency} clients`,
        value: `${result.count} operations, ${result.errors} failed`,
        note: operations,
      },
      {
        benchmark: NAME,
        metric: 'app RSS growth',
        value: growth(warm),
        note: `after the first minute ${warm.toFixed(0)} MiB -> ${after.totalMiB.toFixed(0)} MiB (from the start ${growth(before.totalMiB)}, peak ${peak.toFixed(0)} MiB)`,
      },
    ];
  } finally {
    await removeUserData(ctx, user.id);
  }
}
