import { setTimeout as sleep } from 'node:timers/promises';
import { context } from '@opentelemetry/api';
import { backoffDelay, type BackoffPolicy } from '../backoff';
import type { Database } from '../db';
import type { Logger } from '../logger';
import type { EncodedEvent, EventProducer } from '../kafka/producer';
import { contextFromTraceParent } from '../tracing/trace-parent';
import { listenForOutbox } from './outbox-wakeup';
import type { OutboxRow } from './outbox';
import { openBatch } from './relay-batch';

const BATCH_SIZE = 200;
const MAX_BACKOFF_MS = 10_000;

/** After a failure: twice the poll interval, doubling, at most 10 s. */
const relayBackoff = (pollMs: number): BackoffPolicy => ({ baseMs: 2 * pollMs, maxMs: MAX_BACKOFF_MS });

/**
 * Moves rows from one schema's outbox to Kafka. Rows are locked with SKIP
 * LOCKED so several replicas share the work, and deleted only after Kafka
 * acknowledged them: a crash in between re-sends, and consumers deduplicate
 * by event id.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  /** Ends the current idle wait early: a commit wrote to the outbox. */
  private wakeUp?: () => void;
  /** A wake-up that came while a batch was being sent: the next idle wait is skipped. */
  private woken = false;
  private listener?: { stop(): Promise<void> };
  /**
   * Ordered mode: the last batch found the turn taken by another process.
   * That process hears the same commits, so this one ignores them and only
   * polls (taking over if the other stops): without it, every commit cost
   * each standing-by process a transaction that could only lose the turn.
   */
  private standingBy = false;

  constructor(
    private readonly options: {
      db: Database;
      schema: string;
      producer: EventProducer;
      pollMs: number;
      logger: Logger;
      /**
       * One relay at a time for this schema, whatever the number of
       * processes: a transaction-scoped advisory lock is held while a batch is
       * sent and deleted, so a later batch never overtakes an earlier one and
       * each key's events reach Kafka in outbox order (chat: a channel's seq
       * order). Without it, replicas share the work with SKIP LOCKED and may
       * send neighbouring batches in either order.
       */
      ordered?: boolean;
    },
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
    const { db, schema, logger } = this.options;
    listenForOutbox(db, schema, () => this.committed(), logger).then(
      (listener) => {
        if (this.running) this.listener = listener;
        else void listener.stop();
      },
      (error: unknown) => logger.warn({ err: error, schema }, 'no outbox wake-up; the relay polls'),
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await this.listener?.stop();
  }

  private committed(): void {
    if (!this.standingBy) this.wake();
  }

  /** A commit wrote to the outbox (or stop): end the idle wait, or skip the next one if none runs. */
  private wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  /** Waits for a commit's wake-up or the poll interval, whichever comes first. */
  private idle(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs);
      this.wakeUp = done;
    });
  }

  /** Sends one batch; returns how many events went out. */
  async relayOnce(): Promise<number> {
    return (await this.relayBatch()).sent;
  }

  private async relayBatch(): Promise<{ sent: number; turnTaken: boolean }> {
    const { db, schema, producer } = this.options;
    const batch = await openBatch(db, schema, { ordered: this.options.ordered === true, size: BATCH_SIZE });
    if (!batch.hasTurn || batch.rows.length === 0) {
      await batch.rollback();
      return { sent: 0, turnTaken: !batch.hasTurn };
    }
    try {
      // The Kafka instrumentation's send span, and so the traceparent in
      // each message's headers, is a child of the active context: rows of
      // one request's trace go out together under it. With tracing off
      // every row's is NULL and the batch is one send, as before.
      for (const run of runsOfOneTrace(batch.rows)) {
        const events: EncodedEvent[] = run.map((row) => ({
          topic: row.topic,
          key: row.key,
          eventId: row.id,
          eventType: row.event_type,
          value: row.payload,
        }));
        const parent = contextFromTraceParent(run[0]!.trace_parent, context.active());
        await context.with(parent, () => producer.send(events));
      }
    } catch (error) {
      await batch.rollback().catch(() => undefined);
      throw error;
    }
    await batch.commit(batch.rows.map((row) => row.id));
    return { sent: batch.rows.length, turnTaken: false };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const { sent, turnTaken } = await this.relayBatch();
        failures = 0;
        this.standingBy = turnTaken;
        // A short batch emptied the outbox as it was read: whatever commits
        // later wakes the relay (a wake-up during the batch skips the wait).
        if (sent < BATCH_SIZE) await this.idle();
      } catch (error) {
        failures += 1;
        const backoff = backoffDelay(failures, relayBackoff(this.options.pollMs));
        this.options.logger.warn(
          { err: error, schema: this.options.schema, backoff },
          'outbox relay failed, retrying',
        );
        await sleep(backoff);
      }
    }
  }
}

/** Consecutive rows with the same traceparent, in outbox order (so each key's events keep theirs). */
function runsOfOneTrace(rows: OutboxRow[]): OutboxRow[][] {
  const runs: OutboxRow[][] = [];
  for (const row of rows) {
    const last = runs.at(-1);
    if (last && last[0]!.trace_parent === row.trace_parent) last.push(row);
    else runs.push([row]);
  }
  return runs;
}
