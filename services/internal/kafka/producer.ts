import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { encodeEvent, type Event } from './events';

export interface EncodedEvent {
  topic: string;
  key: string;
  eventId: string;
  eventType: string;
  value: Buffer;
}

export function encodeForTopic(topic: string, key: string, event: Event): EncodedEvent {
  return { topic, key, eventId: event.id, eventType: event.type, value: encodeEvent(event) };
}

/**
 * An idempotent producer (the broker drops retried duplicates) that waits for
 * every in-sync replica. Events are keyed by their aggregate so one user's or
 * one file's events stay in order on one partition.
 */
export class EventProducer {
  private readonly producer: Producer;

  // StreamHub produces only to topics it owns, so every one gets the prefix.
  constructor(
    kafka: Kafka,
    private readonly topicPrefix = '',
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // Exactly-once per producer session needs unlimited retries; the time
      // bound makes a send fail (and the outbox retry later) when Kafka is down.
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 },
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async send(events: EncodedEvent[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const event of events) {
      const messages = byTopic.get(event.topic) ?? [];
      messages.push({
        key: event.key,
        value: event.value,
        headers: { 'event-id': event.eventId, 'event-type': event.eventType },
      });
      byTopic.set(event.topic, messages);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({
        topic: `${this.topicPrefix}${topic}`,
        messages,
      })),
    });
  }
}
