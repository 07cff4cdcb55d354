// Uploads, driven by bench/load/flow.ts in a process of its own:
//   - throughput: create upload + PUT + complete of 1-byte files, 16 clients
//     back to back for the run's duration (uploads/s);
//   - complete path: sequential uploads, from the end of the PUT to
//     POST /v1/uploads/{id}/complete answering 200 with ready;
//   - event path: uploads that never call complete, from the end of the PUT
//     to GET /v1/files/{id} showing ready (polled every 5 ms): MinIO -> Kafka
//     -> ingest -> Temporal signal -> verify + commit.
// MinIO's Kafka target with a queue_dir sends what its store holds on a tick
// (3 s before the work on issue 9). Back-to-back uploads would lock onto that
// tick, so each event-path upload starts after a random pause of 0-3 s:
// upload times are then independent of the tick, as real ones are. Four run
// at a time, which keeps the run short and is far from loading the app.
import { runFlow } from './flow-client';
import type { FlowResult } from './load/flow';
import { latencyLine } from './stats';
import {
  LOAD,
  measuredLoad,
  newUser,
  removeUserData,
  say,
  scaled,
  type BenchContext,
  type BenchUser,
  type ResultRow,
} from './support';

const NAME = 'confirm-latency';
const SIZE = 1;
const UPLOADS = scaled(100, 8);
const WARM_UP = scaled(5, 1);
const EVENT_CONCURRENCY = 4;
const POLL_MS = 5;
const PAUSE_MAX_MS = 3000;

/** Failures are reported with the figure (the row then misses its target); none at all succeeding is an error. */
function checked(label: string, result: FlowResult): FlowResult {
  if (result.errors > 0)
    say(NAME, `${label}: ${result.errors} FAILED (first: ${result.errorSamples.join(' | ')})`);
  if (!result.latency) throw new Error(`${label}: nothing succeeded`);
  return result;
}

async function throughput(ctx: BenchContext, user: BenchUser): Promise<ResultRow> {
  const common = { baseUrl: ctx.baseUrl, headers: user.headers, concurrency: LOAD.concurrency, size: SIZE };
  await runFlow({ mode: 'uploads', ...common, durationMs: LOAD.warmUpS * 1000 });
  const result = checked(
    'uploads',
    await measuredLoad(ctx, () => runFlow({ mode: 'uploads', ...common, durationMs: LOAD.durationS * 1000 })),
  );
  ctx.measured.set('uploads', {
    rate: result.rate,
    p50Ms: result.latency!.p50,
    p99Ms: result.latency!.p99,
    errors: result.errors,
  });
  say(
    NAME,
    `create + PUT + complete, ${SIZE}-byte files, ${LOAD.concurrency} concurrent, ${LOAD.durationS} s: ` +
      `${result.rate.toFixed(1)} uploads/s; per upload ${latencyLine(result.latency!)}`,
  );
  return {
    benchmark: NAME,
    metric: `create + PUT + complete, ${LOAD.concurrency} concurrent`,
    value: `${result.rate.toFixed(1)} uploads/s`,
    note: `per upload p50 ${result.latency!.p50.toFixed(1)} ms, p99 ${result.latency!.p99.toFixed(1)} ms`,
  };
}

export async function confirmLatency(ctx: BenchContext): Promise<ResultRow[]> {
  const user = await newUser(ctx.baseUrl, NAME);
  try {
    const rows = [await throughput(ctx, user)];
    const common = {
      baseUrl: ctx.baseUrl,
      headers: user.headers,
      size: SIZE,
      count: UPLOADS,
      warmUp: WARM_UP,
    };

    const completed = checked(
      'complete path',
      await measuredLoad(ctx, () => runFlow({ mode: 'complete', ...common })),
    );
    const complete = completed.latency!;
    ctx.measured.set('complete', { p50Ms: complete.p50, p99Ms: complete.p99, errors: completed.errors });
    say(NAME, `complete path (PUT end -> 200 ready), ${UPLOADS} sequential: ${latencyLine(complete)}`);
    rows.push({
      benchmark: NAME,
      metric: 'complete path: PUT end -> 200 ready',
      value: `p50 ${complete.p50.toFixed(1)} ms`,
      note: `p99 ${complete.p99.toFixed(1)} ms, ${UPLOADS} sequential`,
    });

    const confirmed = checked(
      'event path',
      await measuredLoad(ctx, () =>
        runFlow({
          mode: 'event',
          ...common,
          concurrency: EVENT_CONCURRENCY,
          pauseMaxMs: PAUSE_MAX_MS,
          pollMs: POLL_MS,
        }),
      ),
    );
    const event = confirmed.latency!;
    ctx.measured.set('event', { p50Ms: event.p50, p99Ms: event.p99, errors: confirmed.errors });
    say(
      NAME,
      `event path (PUT end -> ready, no complete; poll every ${POLL_MS} ms, ${EVENT_CONCURRENCY} at a time, ` +
        `random 0-${PAUSE_MAX_MS / 1000} s pause before each): ${latencyLine(event)}`,
    );
    rows.push({
      benchmark: NAME,
      metric: 'event path: PUT end -> ready',
      value: `p50 ${event.p50.toFixed(1)} ms`,
      note: `p99 ${event.p99.toFixed(1)} ms, ${UPLOADS} uploads, ${EVENT_CONCURRENCY} at a time`,
    });
    return rows;
  } finally {
    await removeUserData(ctx, user.id);
  }
}
