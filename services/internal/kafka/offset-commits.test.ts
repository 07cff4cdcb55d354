import type { EachBatchPayload } from 'kafkajs';
import { OffsetCommits } from './offset-commits';

type Committed = Array<{ topic: string; partition: number; offset: string }>;

// kafkajs's consumer and batch payload, reduced to what OffsetCommits uses.
function consumer(fail = false) {
  const commits: Committed[] = [];
  return {
    commits,
    commitOffsets: async (offsets: Committed) => {
      if (fail) throw new Error('The coordinator is not aware of this member');
      commits.push(offsets);
    },
    disconnect: async () => undefined,
  };
}

function batch(topic: string, partition: number, running = true) {
  const fromBatch: unknown[] = [];
  const payload = {
    batch: { topic, partition },
    isRunning: () => running,
    commitOffsetsIfNecessary: async (offsets: unknown) => void fromBatch.push(offsets),
  };
  return { payload: payload as unknown as EachBatchPayload, fromBatch };
}

describe('OffsetCommits', () => {
  const noError = (error: unknown) => {
    throw error;
  };

  it('commits a partition’s first handled offset at once, then the newest of each partition once per interval', async () => {
    const kafka = consumer();
    const commits = new OffsetCommits(kafka, noError, 50);
    for (let offset = 0; offset < 20; offset++) {
      await commits.handled('chat.events', offset % 2, String(offset));
    }
    // A group that rejoins with nothing committed would start at the newest offset.
    expect(kafka.commits).toEqual([
      [{ topic: 'chat.events', partition: 0, offset: '1' }],
      [{ topic: 'chat.events', partition: 1, offset: '2' }],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(kafka.commits.slice(2)).toEqual([
      [
        { topic: 'chat.events', partition: 0, offset: '19' },
        { topic: 'chat.events', partition: 1, offset: '20' },
      ],
    ]);
  });

  it('commits what is pending at once when asked (before a consumer disconnects), and then nothing more', async () => {
    const kafka = consumer();
    const commits = new OffsetCommits(kafka, noError, 50);
    await commits.handled('files.events', 2, '40');
    await commits.handled('files.events', 2, '41');
    await commits.commitPending();
    expect(kafka.commits).toEqual([
      [{ topic: 'files.events', partition: 2, offset: '41' }],
      [{ topic: 'files.events', partition: 2, offset: '42' }],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(kafka.commits).toHaveLength(2);
  });

  it('commits through the last batch itself once the consumer is stopping', async () => {
    const kafka = consumer();
    const commits = new OffsetCommits(kafka, noError, 60_000);
    await commits.handledInBatch(batch('chat.events', 0).payload, '6');
    await commits.handledInBatch(batch('chat.events', 0).payload, '7');
    const last = batch('chat.events', 1, false);
    await commits.handledInBatch(last.payload, '3');
    expect(last.fromBatch).toEqual([
      {
        topics: [
          {
            topic: 'chat.events',
            partitions: [
              { partition: 0, offset: '8' },
              { partition: 1, offset: '4' },
            ],
          },
        ],
      },
    ]);
    expect(kafka.commits).toEqual([[{ topic: 'chat.events', partition: 0, offset: '7' }]]);
  });

  it('reports a commit that failed (a rebalance) instead of throwing', async () => {
    const errors: unknown[] = [];
    const commits = new OffsetCommits(consumer(true), (error) => errors.push(error), 50);
    await commits.handled('chat.events', 0, '1');
    expect(errors).toHaveLength(1);
  });
});
