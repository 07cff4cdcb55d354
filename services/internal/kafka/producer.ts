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

// What a broker answers when it no longer knows this producer session's
// sequence numbers: after it crashed and lost the tail of its log, or
// expired the producer id. kafkajs treats them as final, so every later
// send of the session fails the same way; only a new session (a new
// producer id, sequences from 0) can send again.
const LOST_SESSION_ERRORS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
]);

export function isLostProducerSession(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (LOST_SESSION_ERRORS.has((current as { type?: string }).type ?? '')) return true;
    if (current.cause === current) break;
  }
  return false;
}

/**
 * An idempotent producer (the broker drops retried duplicates) that waits for
 * every in-sync replica. Events are keyed by their aggregate so one user's or
 * one file's events stay in order on one partition.
 */
export class EventProducer {
  private producer: Producer;
  private connected = false;
  // A session started after the last one was lost, connected at its first send.
  private unconnectedSession = false;

  // StreamHub produces only to topics it owns, so every one gets the prefix.
  constructor(
    private readonly kafka: Kafka,
    private readonly topicPrefix = '',
  ) {
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // Exactly-once per producer session needs unlimited retries; the time
      // bound makes a send fail (and the outbox retry later) when Kafka is down.
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 },
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await this.producer.disconnect();
  }

  // The failed send stays in the outbox, whose next attempt goes through the
  // new session: at least once, and consumers drop duplicates by event id.
  private replaceLostSession(): void {
    const lost = this.producer;
    this.producer = this.newProducer();
    this.unconnectedSession = this.connected;
    void lost.disconnect().catch(() => undefined);
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
    if (this.unconnectedSession) {
      await this.producer.connect();
      this.unconnectedSession = false;
    }
    try {
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({
          topic: `${this.topicPrefix}${topic}`,
          messages,
        })),
      });
    } catch (error) {
      if (isLostProducerSession(error)) this.replaceLostSession();
      throw error;
    }
  }
}
