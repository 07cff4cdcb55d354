import { create } from '@bufbuild/protobuf';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { AccountDeletedSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { createLogger } from '../logger';
import { eventMessages, inSlices } from './consumer';
import { encodeEvent, newEvent, type Event } from './events';
import { TOPICS } from './topics';

const message = (value: Buffer, offset: number): KafkaMessage => ({
  key: null,
  value,
  offset: String(offset),
  timestamp: '0',
  attributes: 0,
  headers: {},
});

const accountDeleted = () =>
  newEvent({ case: 'accountDeleted', value: create(AccountDeletedSchema, { userId: 'u' }) }, '');

describe('eventMessages', () => {
  const logger = createLogger({ level: 'silent', format: 'json' });

  it('hands a batched handler the batch’s events in order, skipping what is not an Event', async () => {
    const [first, second] = [accountDeleted(), accountDeleted()];
    const batches: Event[][] = [];
    const handler = eventMessages(
      {
        name: 'test',
        topics: [TOPICS.authEvents],
        handle: () => Promise.reject(new Error('a batched handler is not called per event')),
        handleBatch: async (events) => void batches.push(events),
      },
      logger,
    );
    await handler.handleMessages!([
      message(encodeEvent(first), 0),
      message(Buffer.from('not protobuf at all \xff'), 1),
      message(encodeEvent(second), 2),
    ]);
    expect(batches.map((events) => events.map((event) => event.id))).toEqual([[first.id, second.id]]);
  });

  it('leaves a handler without handleBatch to one message at a time', () => {
    const handler = eventMessages(
      { name: 'test', topics: [TOPICS.authEvents], handle: async () => undefined },
      logger,
    );
    expect(handler.handleMessages).toBeUndefined();
  });
});

describe('inSlices', () => {
  // kafkajs's batch payload, reduced to what inSlices uses.
  function payload(count: number, staleAfterResolves = Infinity) {
    const resolved: string[] = [];
    const committable: string[] = [];
    const commits = {
      handledInBatch: async (_payload: unknown, offset: string) => void committable.push(offset),
    };
    const value = {
      batch: { messages: Array.from({ length: count }, (_, offset) => message(Buffer.alloc(0), offset)) },
      resolveOffset: (offset: string) => void resolved.push(offset),
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => resolved.length >= staleAfterResolves,
    };
    return { payload: value as unknown as EachBatchPayload, resolved, commits, committable };
  }

  it('handles a long batch in slices of 100, resolving the offsets after each', async () => {
    const { payload: batch, resolved, commits, committable } = payload(250);
    const sizes: number[] = [];
    await inSlices(batch, async (messages) => void sizes.push(messages.length), commits);
    expect(sizes).toEqual([100, 100, 50]);
    expect(resolved).toEqual(['99', '199', '249']);
    expect(committable).toEqual(['99', '199', '249']);
  });

  it('stops when a rebalance took the partition away, resolving nothing it did not handle', async () => {
    const { payload: batch, resolved, commits } = payload(250, 1);
    const sizes: number[] = [];
    await inSlices(batch, async (messages) => void sizes.push(messages.length), commits);
    expect(sizes).toEqual([100]);
    expect(resolved).toEqual(['99']);
  });

  it('resolves nothing of a slice that failed, so it is delivered again', async () => {
    const { payload: batch, resolved, commits, committable } = payload(150);
    let calls = 0;
    const failing = async () => {
      if (++calls === 2) throw new Error('Postgres went away');
    };
    await expect(inSlices(batch, failing, commits)).rejects.toThrow('Postgres went away');
    expect(resolved).toEqual(['99']);
    expect(committable).toEqual(['99']);
  });
});
