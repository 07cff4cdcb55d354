import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { Logger } from '../../internal/logger';
import { consumerLagGauge, reportConsumerLag } from '../../internal/kafka/consumer-lag';
import { decodeEvent, type Event } from '../../internal/kafka/events';
import { OffsetCommits } from '../../internal/kafka/offset-commits';
import { TOPICS, topicName } from '../../internal/kafka/topics';
import { routeEvent, type RoutedEvent } from './server-frames';

// What a socket can be told about: chat, notifications, a file of the
// user's becoming ready or purged, their subscription changing.
const FAN_OUT_TOPICS = [
  TOPICS.chatEvents,
  TOPICS.notificationEvents,
  TOPICS.filesEvents,
  TOPICS.billingEvents,
];

// Event ids recently pushed: a redelivery (a rebalance, a broker restart)
// of an event without a channel seq is not pushed twice.
const RECENT_IDS = 20_000;

/**
 * This process's own read of every fan-out topic: a consumer group of its
 * own (every gateway must see every event; sharing a group would split
 * them), starting at the newest offset (what a socket missed before it
 * connected comes from catch-up, not from Kafka).
 */
export async function startEventStream(options: {
  kafka: Kafka;
  groupPrefix: string;
  topicPrefix: string;
  logger: Logger;
  dispatch: (event: RoutedEvent) => void;
  /** Told every decoded event first, whether or not a socket may see it. */
  heard?: (event: Event) => void;
  /** Where the fan-out group's lag is reported (streamhub_kafka_consumer_lag). */
  metrics?: Registry;
}): Promise<{ stop(): Promise<void> }> {
  const { kafka, logger, dispatch } = options;
  const groupId = `${options.groupPrefix}.gateway-ws.${hostname()}.${process.pid}.${randomUUID().slice(0, 8)}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
  // From the batches only, without the brokers' view at scrape time that other
  // groups add: dispatch is synchronous, so while this process answers a
  // scrape no batch of it can be stuck half-handled.
  if (options.metrics) reportConsumerLag(consumer, groupId, consumerLagGauge(options.metrics));
  const recent = new Set<string>();
  // Committed offsets matter only when this group rejoins (a broker restart):
  // it goes on from there, and what it sees again is de-duplicated above.
  const commits = new OffsetCommits(consumer, (error) =>
    logger.warn({ err: error, groupId }, 'ws fan-out: an offset commit failed'),
  );
  await consumer.connect();
  await consumer.subscribe({
    topics: FAN_OUT_TOPICS.map((topic) => topicName(topic, options.topicPrefix)),
    fromBeginning: false,
  });
  const handle = (message: KafkaMessage) => {
    let routed: RoutedEvent | undefined;
    let id: string;
    try {
      const event = decodeEvent(message.value ?? new Uint8Array());
      id = event.id;
      options.heard?.(event);
      routed = routeEvent(event);
    } catch (error) {
      logger.error(
        { err: error, offset: message.offset },
        'ws fan-out: skipping a message that is not an Event',
      );
      return;
    }
    if (!routed) return;
    // Channel events are de-duplicated per socket by seq; the rest by id here.
    if (routed.seq === undefined) {
      if (recent.has(id)) return;
      recent.add(id);
      if (recent.size > RECENT_IDS) recent.delete(recent.values().next().value!);
    }
    dispatch(routed);
  };
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    autoCommit: false,
    // A batch at a time: dispatching is synchronous, so kafkajs's per-message
    // awaits (offset, commit check, heartbeat) are work for nothing at
    // thousands of events a second, in every gateway process.
    eachBatch: async (payload) => {
      let last: string | undefined;
      for (const message of payload.batch.messages) {
        if (!payload.isRunning() || payload.isStale()) break;
        handle(message);
        payload.resolveOffset(message.offset);
        last = message.offset;
      }
      if (last !== undefined) await commits.handledInBatch(payload, last);
      await payload.heartbeat();
    },
  });
  logger.info({ groupId }, 'ws fan-out consuming');
  return { stop: () => commits.disconnect() };
}
