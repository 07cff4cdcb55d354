import type { Transaction } from '../db';
import type { Event } from '../kafka/events';
import { encodeForTopic } from '../kafka/producer';
import type { TopicSpec } from '../kafka/topics';
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
  const rows = records.map((record) => {
    const encoded = encodeForTopic(record.topic.name, record.key, record.event);
    return {
      id: encoded.eventId,
      topic: encoded.topic,
      key: encoded.key,
      event_type: encoded.eventType,
      payload: encoded.value,
    };
  });
  await trx.withSchema(schema).table('outbox').insert(rows);
  await notifyOutbox(trx, schema);
}
