import { TOPICS } from '../internal/kafka/topics';
import { encodeEvent, newEvent, type EventPayload } from '../internal/kafka/events';
import type { Transaction } from '../internal/db';
import { enqueueEvent, outboxRow, type OutboxRow } from '../internal/outbox/outbox';
import { chatStore } from './store';

/**
 * Records one channel event in the transaction that made the change: kept in
 * chat.channel_events under its seq (what catch-up answers) and queued in
 * the outbox for chat.events, keyed by the channel so a partition carries a
 * channel's events in seq order. The seq must come from
 * chatStore.takeNextSeq in the same transaction.
 */
export async function recordChannelEvent(
  trx: Transaction,
  event: { channelId: string; seq: bigint; actorId: string; payload: EventPayload; occurredAt?: Date },
): Promise<void> {
  const built = newEvent(event.payload, event.actorId, event.occurredAt);
  await chatStore.insertChannelEvent(trx, {
    channel_id: event.channelId,
    seq: event.seq,
    event_type: built.type,
    event: encodeEvent(built),
  });
  await enqueueEvent(trx, 'chat', { topic: TOPICS.chatEvents, key: event.channelId, event: built });
}

export interface ChannelEventRows {
  channelEvent: { channel_id: string; seq: bigint; event_type: string; event: Buffer };
  outbox: OutboxRow;
}

/**
 * The two rows recordChannelEvent writes, for a writer that inserts them
 * within a statement of its own (a post writes its message, channel event
 * and outbox row in one round trip): the event is encoded once for both.
 */
export function channelEventRows(event: {
  channelId: string;
  seq: bigint;
  actorId: string;
  payload: EventPayload;
  occurredAt?: Date;
}): ChannelEventRows {
  const built = newEvent(event.payload, event.actorId, event.occurredAt);
  const outbox = outboxRow({ topic: TOPICS.chatEvents, key: event.channelId, event: built });
  return {
    channelEvent: {
      channel_id: event.channelId,
      seq: event.seq,
      event_type: built.type,
      event: outbox.payload,
    },
    outbox,
  };
}
