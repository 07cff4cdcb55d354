import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Registry } from 'prom-client';
import { consumerLagGauge, reportConsumerLag } from './consumer-lag';
import type { Logger } from '../logger';
import { decodeEvent, type Event } from './events';
import { OffsetCommits } from './offset-commits';
import { topicName, type TopicSpec } from './topics';

/** One kind of reaction to raw Kafka messages (for example MinIO's JSON notifications). */
export interface MessageHandler {
  readonly name: string;
  readonly topics: TopicSpec[];
  handleMessage(message: KafkaMessage): Promise<void>;
  /** When present, a whole fetched batch (one partition, in order) at a time instead. */
  handleMessages?(messages: KafkaMessage[]): Promise<void>;
}

/** One kind of reaction to domain events; it must be idempotent by event id (delivery is at least once). */
export interface EventHandler {
  readonly name: string;
  readonly topics: TopicSpec[];
  handle(event: Event, message: KafkaMessage): Promise<void>;
  /**
   * When present, used instead of `handle`: the events of one fetched batch
   * (one partition, in order), so a handler can read what they need with one
   * query. Idempotent like `handle`: a batch that fails is delivered again whole.
   */
  handleBatch?(events: Event[]): Promise<void>;
}

/** Decodes each message as an Event; a message that is not one is logged and skipped so it cannot block its partition. */
export function eventMessages(handler: EventHandler, logger: Logger): MessageHandler {
  const decoded = (message: KafkaMessage): Event | undefined => {
    try {
      return decodeEvent(message.value ?? new Uint8Array());
    } catch (error) {
      logger.error(
        { err: error, handler: handler.name, offset: message.offset },
        'skipping a message that is not an Event',
      );
      return undefined;
    }
  };
  const handleBatch = handler.handleBatch?.bind(handler);
  return {
    name: handler.name,
    topics: handler.topics,
    async handleMessage(message) {
      const event = decoded(message);
      if (event) await handler.handle(event, message);
    },
    ...(handleBatch && {
      async handleMessages(messages: KafkaMessage[]) {
        const events = messages.map(decoded).filter((event) => event !== undefined);
        if (events.length > 0) await handleBatch(events);
      },
    }),
  };
}

/**
 * Runs a handler in its own consumer group. The offset is committed only
 * after the handler succeeded (at most a second later), so a crash re-delivers.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly handler: MessageHandler;
  private readonly commits: OffsetCommits;

  constructor(
    kafka: Kafka,
    handler: EventHandler | MessageHandler,
    logger: Logger,
    groupPrefix = 'streamhub',
    private readonly topicPrefix = '',
    metrics?: Registry,
  ) {
    this.handler = 'handle' in handler ? eventMessages(handler, logger) : handler;
    const groupId = `${groupPrefix}.${handler.name}`;
    // A fetch returns as soon as messages arrive; the wait only bounds idle
    // polls, and with it how long stop() waits for the fetch in flight.
    this.consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 1000,
    });
    if (metrics) reportConsumerLag(this.consumer, groupId, consumerLagGauge(metrics), kafka);
    this.commits = new OffsetCommits(this.consumer, (error) =>
      logger.warn(
        { err: error, groupId },
        'kafka: an offset commit failed; those messages are delivered again',
      ),
    );
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.handler.topics.map((topic) => topicName(topic, this.topicPrefix)),
      fromBeginning: true,
    });
    const handleMessages = this.handler.handleMessages?.bind(this.handler);
    await this.consumer.run({
      // Partitions are independent (order is kept within each), so they are
      // consumed side by side: a backlog on one does not hold up the others.
      partitionsConsumedConcurrently: 3,
      autoCommit: false,
      ...(handleMessages
        ? {
            eachBatchAutoResolve: false,
            eachBatch: (payload) => inSlices(payload, handleMessages, this.commits),
          }
        : {
            // eachMessage, not slices of one: the tracing instrumentation makes
            // each message's `process` span a child of its producer's trace only here.
            eachMessage: async ({ topic, partition, message }) => {
              await this.handler.handleMessage(message);
              await this.commits.handled(topic, partition, message.offset);
            },
          }),
    });
  }

  stop(): Promise<void> {
    return this.commits.disconnect();
  }
}

// A backlog can fetch thousands of messages at once: handled a slice at a
// time, with a heartbeat and the offsets after each, so the group does not
// time the consumer out and a failure delivers again only its slice.
const BATCH_SLICE = 100;

export async function inSlices(
  payload: EachBatchPayload,
  handleMessages: (messages: KafkaMessage[]) => Promise<void>,
  commits: Pick<OffsetCommits, 'handledInBatch'>,
): Promise<void> {
  const { messages } = payload.batch;
  for (let start = 0; start < messages.length; start += BATCH_SLICE) {
    // A rebalance took the partition away: its new owner goes on from the last offset committed.
    if (!payload.isRunning() || payload.isStale()) return;
    const slice = messages.slice(start, start + BATCH_SLICE);
    await handleMessages(slice);
    const last = slice[slice.length - 1]!.offset;
    payload.resolveOffset(last);
    await commits.handledInBatch(payload, last);
    await payload.heartbeat();
  }
}

/** Starts one consumer group per handler; the returned function stops them all. */
export async function startConsumers(options: {
  kafka: Kafka;
  handlers: Array<EventHandler | MessageHandler>;
  logger: Logger;
  groupPrefix: string;
  topicPrefix: string;
  /** Where each group's lag is reported (streamhub_kafka_consumer_lag). */
  metrics?: Registry;
}): Promise<() => Promise<void>> {
  const consumers = options.handlers.map(
    (handler) =>
      new EventConsumer(
        options.kafka,
        handler,
        options.logger,
        options.groupPrefix,
        options.topicPrefix,
        options.metrics,
      ),
  );
  await Promise.all(consumers.map((consumer) => consumer.start()));
  return async () => void (await Promise.all(consumers.map((consumer) => consumer.stop())));
}
