import type { Consumer } from 'kafkajs';
import { Gauge, type Registry } from 'prom-client';

export const CONSUMER_LAG_METRIC = 'streamhub_kafka_consumer_lag';

/** The one lag gauge of a registry: every consumer group of the process writes to it. */
export function consumerLagGauge(registry: Registry): Gauge<'group' | 'topic' | 'partition'> {
  const existing = registry.getSingleMetric(CONSUMER_LAG_METRIC);
  if (existing) return existing as Gauge<'group' | 'topic' | 'partition'>;
  return new Gauge({
    name: CONSUMER_LAG_METRIC,
    help: 'Messages of a partition this consumer group has not handled yet, as of the last batch it fetched (high watermark minus the offset reached).',
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
  });
}

/**
 * Follows a consumer's batches: when a batch starts, everything from its
 * first message is outstanding; when it ends, only what the partition held
 * beyond its last message. kafkajs computes both from the fetch's high
 * watermark, so no extra request to the brokers is made. An idle partition
 * fetches no batch and keeps the value its last batch left (0 once caught up).
 * A partition this member loses in a rebalance (or on stop) drops its series,
 * so the new owner's value is the only one left.
 */
export function reportConsumerLag(
  consumer: Consumer,
  group: string,
  gauge: Gauge<'group' | 'topic' | 'partition'>,
): void {
  const reported = new Map<string, { group: string; topic: string; partition: string }>();
  const set = (topic: string, partition: number, lag: number) => {
    const labels = { group, topic, partition: String(partition) };
    reported.set(`${topic}/${partition}`, labels);
    gauge.set(labels, lag);
  };
  const forgetAllBut = (assignment: Partial<Record<string, number[]>>) => {
    for (const [key, labels] of reported) {
      if (assignment[labels.topic]?.includes(Number(labels.partition))) continue;
      gauge.remove(labels);
      reported.delete(key);
    }
  };
  consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload }) => {
    if (payload.batchSize > 0) set(payload.topic, payload.partition, Number(payload.offsetLagLow) + 1);
  });
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    set(payload.topic, payload.partition, Number(payload.offsetLag));
  });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => forgetAllBut(payload.memberAssignment));
  consumer.on(consumer.events.STOP, () => forgetAllBut({}));
}
