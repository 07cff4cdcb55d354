import type { Consumer, EachBatchPayload } from 'kafkajs';

// kafkajs's autoCommit sends an OffsetCommit after every batch, and the
// partition's next fetch waits for the answer: at hundreds of small batches
// a second (a fan-out's chat events, one or two messages each) that is as
// many requests to the broker as fetches, and a round trip between every two
// fetches. Consumers run with autoCommit off and commit through this instead:
// at most once an interval per consumer, and at once when it stops. What was
// handled but not committed when a process dies, or when a rebalance moves
// its partition, is delivered again: at least once, as before (handlers are
// idempotent), with up to one interval more of it. A partition's first
// handled offset is committed at once: a group that rejoins (a broker
// restart) with nothing committed starts at the newest offset, as the
// gateway's fan-out group does, and would skip what came in between.
export const COMMIT_INTERVAL_MS = 1000;

interface NextOffset {
  topic: string;
  partition: number;
  /** The next message to read: the handled offset + 1. */
  offset: string;
}

type BatchPayload = Pick<EachBatchPayload, 'batch' | 'isRunning' | 'commitOffsetsIfNecessary'>;

export class OffsetCommits {
  private readonly pending = new Map<string, NextOffset>();
  private readonly committedBefore = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly consumer: Pick<Consumer, 'commitOffsets' | 'disconnect'>,
    /** A commit that failed (a rebalance under way): its messages are delivered again later. */
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = COMMIT_INTERVAL_MS,
  ) {}

  /** The message at `offset` of a partition, and every one before it, is handled. */
  async handled(topic: string, partition: number, offset: string): Promise<void> {
    const key = this.record(topic, partition, offset);
    if (!this.committedBefore.has(key)) {
      this.committedBefore.add(key);
      return this.commitPending();
    }
    // unref: a pending commit alone does not keep a process alive.
    this.timer ??= setTimeout(() => void this.commitPending(), this.intervalMs).unref();
  }

  /** The same for a message of a batch (eachBatch), which may be the last one of a stopping consumer. */
  async handledInBatch(payload: BatchPayload, offset: string): Promise<void> {
    const { topic, partition } = payload.batch;
    if (payload.isRunning()) return this.handled(topic, partition, offset);
    // The consumer is stopping and this batch is its last: kafkajs refuses a
    // commit from a stopped consumer, so the batch commits everything now,
    // through the one call it still may make.
    this.record(topic, partition, offset);
    try {
      await payload.commitOffsetsIfNecessary({ topics: byTopic(this.take()) });
    } catch (error) {
      this.onError(error);
    }
  }

  /** Stops the consumer: what it handled is committed first, so the group's next member does not handle it again. */
  async disconnect(): Promise<void> {
    await this.commitPending();
    await this.consumer.disconnect();
  }

  /** Commits what is handled so far. */
  async commitPending(): Promise<void> {
    const offsets = this.take();
    if (offsets.length === 0) return;
    try {
      await this.consumer.commitOffsets(offsets);
    } catch (error) {
      this.onError(error);
    }
  }

  private record(topic: string, partition: number, offset: string): string {
    const key = `${partition}:${topic}`;
    this.pending.set(key, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
    return key;
  }

  private take(): NextOffset[] {
    clearTimeout(this.timer);
    this.timer = undefined;
    const offsets = [...this.pending.values()];
    this.pending.clear();
    return offsets;
  }
}

function byTopic(offsets: NextOffset[]) {
  const topics = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const { topic, partition, offset } of offsets) {
    topics.set(topic, [...(topics.get(topic) ?? []), { partition, offset }]);
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}
