import type { Transaction } from '../db';
import type { Event } from '../kafka/events';
import { encodeForTopic } from '../kafka/producer';
import type { TopicSpec } from '../kafka/topics';
import { currentTraceParent } from '../tracing/trace-parent';
import { notifyOutbox } from './outbox-wakeup';

// The transactional outbox: a service writes its events into `<schema>.outbox`
// in the same transaction as the change they describe, and the relay sends
// them to Kafka afterwards. A crash can never commit a change without its
// event, nor send an event for a change that rolled back.
export async function enqueueEvent(
  trx: Transaction,
  schema: string,
  record: { topic: TopicSpec; key: string; event: Event },
): Promise<void> {
  await enqueueEvents(trx, schema, [record]);
}

/** Several events in one INSERT (a purged page of files): one round trip instead of one per event. */
export async function enqueueEvents(
  trx: Transaction,
  schema: string,
  records: Array<{ topic: TopicSpec; key: string; event: Event }>,
): Promise<void> {
  if (records.length === 0) return;
  await trx.withSchema(schema).table('outbox').insert(records.map(outboxRow));
  await notifyOutbox(trx, schema);
}

export interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  event_type: string;
  payload: Buffer;
  trace_parent: string | null;
}

/**
 * One event as its outbox row, for a writer that inserts it within a
 * statement of its own (the chat post writes its message, channel event and
 * outbox row in one round trip) and must also call notifyOutbox's SQL.
 */
export function outboxRow(record: { topic: TopicSpec; key: string; event: Event }): OutboxRow {
  const encoded = encodeForTopic(record.topic.name, record.key, record.event);
  return {
    id: encoded.eventId,
    topic: encoded.topic,
    key: encoded.key,
    event_type: encoded.eventType,
    payload: encoded.value,
    // The relay publishes later, outside this request: the row keeps its trace.
    trace_parent: currentTraceParent() ?? null,
  };
}
