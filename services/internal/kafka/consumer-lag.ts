import type { Admin, Consumer, Kafka } from 'kafkajs';
import { Gauge, type Registry } from 'prom-client';

export const CONSUMER_LAG_METRIC = 'streamhub_kafka_consumer_lag';

type LagGauge = Gauge<'group' | 'topic' | 'partition'>;

// A scrape waits at most this long for the brokers; past it the values of the
// last batch or scrape are served.
const SCRAPE_REFRESH_TIMEOUT_MS = 2000;

/** The groups of a gauge whose lag is read from the brokers at each scrape. */
const scrapedGroups = new WeakMap<LagGauge, Set<() => Promise<void>>>();

/** The one lag gauge of a registry: every consumer group of the process writes to it. */
export function consumerLagGauge(registry: Registry): LagGauge {
  const existing = registry.getSingleMetric(CONSUMER_LAG_METRIC);
  if (existing) return existing as LagGauge;
  const refreshes = new Set<() => Promise<void>>();
  const gauge: LagGauge = new Gauge({
    name: CONSUMER_LAG_METRIC,
    help: "Messages of a partition this consumer group has not handled yet: the partition's high watermark minus the group's committed offset, read from the brokers at each scrape (between scrapes, as of the last batch fetched).",
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
    // A consumer stuck in its handler fetches no batch, so batch events alone
    // would keep showing the lag of its last fetch: the scrape asks the brokers.
    async collect() {
      await Promise.all([...refreshes].map((refresh) => withTimeout(refresh(), SCRAPE_REFRESH_TIMEOUT_MS)));
    },
  });
  scrapedGroups.set(gauge, refreshes);
  return gauge;
}

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    // A broker that does not answer leaves the previous values; it must not fail the scrape.
    await Promise.race([work.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The lag of every partition assigned to this member, from the brokers: the
 * high watermark minus the group's committed offset (minus the log start
 * when nothing is committed yet).
 */
async function lagFromBrokers(
  admin: Admin,
  group: string,
  assignment: Partial<Record<string, number[]>>,
): Promise<Array<{ topic: string; partition: number; lag: number }>> {
  const topics = Object.keys(assignment).filter((topic) => (assignment[topic]?.length ?? 0) > 0);
  if (topics.length === 0) return [];
  const committed = await admin.fetchOffsets({ groupId: group, topics });
  const lags: Array<{ topic: string; partition: number; lag: number }> = [];
  for (const topic of topics) {
    const watermarks = await admin.fetchTopicOffsets(topic);
    const commits = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
    for (const partition of assignment[topic] ?? []) {
      const mark = watermarks.find((entry) => entry.partition === partition);
      if (!mark) continue;
      const commit = Number(commits.find((entry) => entry.partition === partition)?.offset ?? -1);
      const from = commit >= 0 ? commit : Number(mark.low);
      lags.push({ topic, partition, lag: Math.max(0, Number(mark.high) - from) });
    }
  }
  return lags;
}

/**
 * Follows a consumer's batches: when a batch starts, everything from its
 * first message is outstanding; when it ends, only what the partition held
 * beyond its last message. kafkajs computes both from the fetch's high
 * watermark, so no extra request to the brokers is made. An idle partition
 * fetches no batch and keeps the value its last batch left (0 once caught up).
 * A partition this member loses in a rebalance (or on stop) drops its series,
 * so the new owner's value is the only one left.
 *
 * With `kafka`, each scrape also reads the lag from the brokers (committed
 * offsets against high watermarks), so a consumer stuck in its handler shows
 * a lag that grows as messages arrive.
 */
export function reportConsumerLag(consumer: Consumer, group: string, gauge: LagGauge, kafka?: Kafka): void {
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
  let assignment: Partial<Record<string, number[]>> = {};
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    assignment = payload.memberAssignment;
    forgetAllBut(assignment);
  });

  const refreshes = kafka ? scrapedGroups.get(gauge) : undefined;
  let admin: Admin | undefined;
  let connecting: Promise<void> | undefined;
  const refresh = async (): Promise<void> => {
    if (!kafka || Object.keys(assignment).length === 0) return;
    if (!admin) {
      admin = kafka.admin();
      connecting = admin.connect();
    }
    await connecting;
    const current = assignment;
    for (const { topic, partition, lag } of await lagFromBrokers(admin, group, current)) {
      // Still this member's partition (no rebalance or stop while the brokers answered).
      if (assignment === current) set(topic, partition, lag);
    }
  };
  refreshes?.add(refresh);

  consumer.on(consumer.events.STOP, () => {
    assignment = {};
    forgetAllBut({});
    refreshes?.delete(refresh);
    const closing = admin;
    admin = undefined;
    void connecting?.then(() => closing?.disconnect()).catch(() => undefined);
  });
}
