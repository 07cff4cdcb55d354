// 1. From the end of the PUT to a ready file, 64 KiB uploads, one at a time:
//    (a) the storage event alone: MinIO -> Kafka -> ingest -> Temporal signal ->
//        verify + commit; seen by polling GET /v1/files/{id} every 5 ms;
//    (b) the client's POST /v1/uploads/{id}/complete answering 200 with ready.
// MinIO's Kafka target (run with a queue_dir) saves each event to its queue
// store and sends what the store holds every 3 s (internal/store/store.go,
// retryInterval). Back-to-back uploads would lock onto that tick and all wait
// almost the full 3 s, so each event-only upload starts after a random pause
// of 0-3 s: upload times are then independent of the tick, as real ones are.
import { randomFillSync } from 'node:crypto';
import { latencyLine, ms, summarize } from './stats';
import {
  checkStop,
  createUpload,
  KIB,
  newUser,
  now,
  putBytes,
  removeUserData,
  say,
  scaled,
  sleep,
  waitReady,
  type BenchContext,
  type BenchUser,
  type ResultRow,
} from './support';

const NAME = 'confirm-latency';
const SIZE = 64 * KIB;
const UPLOADS = scaled(200, 10);
const WARM_UP = scaled(10, 2);
const POLL_MS = 5;
const MINIO_STORE_TICK_MS = 3000;

/** Event-only: never calls complete. Milliseconds from the PUT's answer to GET showing ready. */
async function eventOnly(user: BenchUser, bytes: Buffer): Promise<number> {
  await sleep(Math.random() * MINIO_STORE_TICK_MS);
  const { file, upload } = await createUpload(user, SIZE);
  await putBytes(upload.url, upload.headers, bytes);
  const putDone = now();
  await waitReady(user, file.id, POLL_MS);
  return now() - putDone;
}

/** Client complete: milliseconds from the PUT's answer to complete answering 200 with ready. */
async function clientComplete(user: BenchUser, bytes: Buffer): Promise<number> {
  const { file, upload } = await createUpload(user, SIZE);
  await putBytes(upload.url, upload.headers, bytes);
  const putDone = now();
  const completed = await user.call<{ file: { status: string } }>('POST', `/v1/uploads/${file.id}/complete`, {
    body: {},
  });
  const elapsed = now() - putDone;
  if (completed.status !== 200 || completed.body.file.status !== 'ready')
    throw new Error(`complete answered ${completed.status}: ${JSON.stringify(completed.body)}`);
  return elapsed;
}

async function measure(
  user: BenchUser,
  bytes: Buffer,
  once: (user: BenchUser, bytes: Buffer) => Promise<number>,
) {
  for (let index = 0; index < WARM_UP; index += 1) {
    checkStop();
    await once(user, bytes);
  }
  const samples: number[] = [];
  for (let index = 0; index < UPLOADS; index += 1) {
    checkStop();
    samples.push(await once(user, bytes));
  }
  return summarize(samples);
}

export async function confirmLatency(ctx: BenchContext): Promise<ResultRow[]> {
  const user = await newUser(ctx.baseUrl, NAME);
  const bytes = randomFillSync(Buffer.alloc(SIZE));
  try {
    say(NAME, `${UPLOADS} sequential uploads of 64 KiB per path after ${WARM_UP} warm-up uploads`);
    const event = await measure(user, bytes, eventOnly);
    say(
      NAME,
      `(a) event-only (poll GET every ${POLL_MS} ms, random 0-3 s pause before each upload): ${latencyLine(event)}`,
    );
    const complete = await measure(user, bytes, clientComplete);
    say(NAME, `(b) client complete (PUT end -> complete 200 ready): ${latencyLine(complete)}`);
    const note = `${UPLOADS} x 64 KiB, sequential`;
    return [
      { benchmark: NAME, metric: '(a) event-only PUT end -> ready, p50', value: ms(event.p50), note },
      { benchmark: NAME, metric: '(a) event-only PUT end -> ready, p99', value: ms(event.p99), note },
      {
        benchmark: NAME,
        metric: '(b) client complete PUT end -> 200 ready, p50',
        value: ms(complete.p50),
        note,
      },
      {
        benchmark: NAME,
        metric: '(b) client complete PUT end -> 200 ready, p99',
        value: ms(complete.p99),
        note,
      },
    ];
  } finally {
    await removeUserData(ctx, user.id);
  }
}
