// 2. Presigned PUT throughput through StreamHub (POST /v1/uploads, then PUT
//    to its URL; only the PUT is timed) against a plain presigned PUT of the
//    same bytes straight to MinIO (minio-js presignedPutObject), both sent
//    with the same client (Node's fetch), interleaved, after a warm-up.
import { randomFillSync, randomUUID } from 'node:crypto';
import { fixed, median, ms } from './stats';
import {
  checkStop,
  createUpload,
  MIB,
  newUser,
  now,
  putBytes,
  removePrefix,
  removeUserData,
  say,
  scaled,
  sleep,
  waitReady,
  type BenchContext,
  type BenchUser,
  type ResultRow,
} from './support';

const NAME = 'put-throughput';
const TARGET = 0.95;
// Idle before each timed PUT, so what the POST set off (the upload workflow's
// first task) or the previous transfer left running does not share the CPU with it.
const SETTLE_MS = 250;
const PLAIN_PREFIX = `bench/plain-put/${randomUUID()}/`;

interface Size {
  label: string;
  bytes: number;
  rounds: number;
  warmUp: number;
}

const SIZES: Size[] = [
  { label: '1 MiB', bytes: MIB, rounds: scaled(20, 4), warmUp: 3 },
  { label: '64 MiB', bytes: 64 * MIB, rounds: scaled(5, 2), warmUp: 1 },
];

/**
 * StreamHub's URL. The POST is not timed; after the PUT the file is left to
 * become ready (event path) before the next transfer, so the app's
 * verification never runs during another timed PUT.
 */
async function viaStreamHub(user: BenchUser, body: Buffer): Promise<number> {
  checkStop();
  const { file, upload } = await createUpload(user, body.length);
  await sleep(SETTLE_MS);
  const started = now();
  await putBytes(upload.url, upload.headers, body);
  const elapsed = now() - started;
  await waitReady(user, file.id, 20);
  return elapsed;
}

/** A plain presigned PUT to MinIO, outside users/ (so it raises no event). Presigning is not timed. */
async function plain(ctx: BenchContext, body: Buffer): Promise<number> {
  checkStop();
  const url = await ctx.s3.presignedPutObject(ctx.bucket, `${PLAIN_PREFIX}${randomUUID()}`, 600);
  await sleep(SETTLE_MS);
  const started = now();
  await putBytes(url, { 'content-type': 'application/octet-stream' }, body);
  return now() - started;
}

export async function putThroughput(ctx: BenchContext): Promise<ResultRow[]> {
  const user = await newUser(ctx.baseUrl, NAME);
  const largest = Math.max(...SIZES.map((size) => size.bytes));
  const bytes = randomFillSync(Buffer.alloc(largest));
  const rows: ResultRow[] = [];
  try {
    say(NAME, 'both single PUTs (MULTIPART_THRESHOLD_BYTES=128 MiB for this run); same fetch client');
    for (const size of SIZES) {
      const body = bytes.subarray(0, size.bytes);
      for (let index = 0; index < size.warmUp; index += 1) {
        await viaStreamHub(user, body);
        await plain(ctx, body);
      }
    }
    const timings = new Map(
      SIZES.map((size) => [size.label, { app: [] as number[], plain: [] as number[] }]),
    );
    const maxRounds = Math.max(...SIZES.map((size) => size.rounds));
    for (let round = 0; round < maxRounds; round += 1) {
      for (const size of SIZES) {
        // Spread the fewer big rounds across the run instead of bunching them at the start.
        if (
          Math.floor(((round + 1) * size.rounds) / maxRounds) ===
          Math.floor((round * size.rounds) / maxRounds)
        )
          continue;
        const body = bytes.subarray(0, size.bytes);
        const times = timings.get(size.label)!;
        // Alternate which goes first, so neither always runs on a warmer disk cache.
        if (round % 2 === 0) {
          times.app.push(await viaStreamHub(user, body));
          times.plain.push(await plain(ctx, body));
        } else {
          times.plain.push(await plain(ctx, body));
          times.app.push(await viaStreamHub(user, body));
        }
      }
    }
    for (const size of SIZES) {
      const times = timings.get(size.label)!;
      const appMs = median(times.app);
      const plainMs = median(times.plain);
      const mibPerSecond = (timeMs: number) => size.bytes / MIB / (timeMs / 1000);
      const ratio = plainMs / appMs;
      const verdict = ratio >= TARGET ? 'meets' : 'MISSES';
      say(
        NAME,
        `${size.label} x ${times.app.length} each: StreamHub URL median ${ms(appMs)} (${fixed(mibPerSecond(appMs), 1)} MiB/s), ` +
          `plain MinIO median ${ms(plainMs)} (${fixed(mibPerSecond(plainMs), 1)} MiB/s), ratio ${fixed(ratio, 3)} ` +
          `(${verdict} the ${TARGET} target)`,
      );
      say(NAME, `  ${size.label} StreamHub ms: ${times.app.map((t) => t.toFixed(1)).join(' ')}`);
      say(NAME, `  ${size.label} plain     ms: ${times.plain.map((t) => t.toFixed(1)).join(' ')}`);
      const note = `n=${times.app.length} each, medians`;
      rows.push(
        {
          benchmark: NAME,
          metric: `${size.label} StreamHub presigned PUT`,
          value: `${ms(appMs)} = ${fixed(mibPerSecond(appMs), 1)} MiB/s`,
          note,
        },
        {
          benchmark: NAME,
          metric: `${size.label} plain MinIO presigned PUT`,
          value: `${ms(plainMs)} = ${fixed(mibPerSecond(plainMs), 1)} MiB/s`,
          note,
        },
        {
          benchmark: NAME,
          metric: `${size.label} throughput ratio StreamHub/plain`,
          value: fixed(ratio, 3),
          note: `target >= ${TARGET}: ${verdict}`,
        },
      );
    }
    return rows;
  } finally {
    await removeUserData(ctx, user.id);
    await removePrefix(ctx, PLAIN_PREFIX);
  }
}
