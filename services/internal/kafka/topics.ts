// Every Kafka topic StreamHub uses, with the settings provisioning applies.
// Producers and consumers name topics through this list, never by string.
export interface TopicSpec {
  name: string;
  partitions: number;
  retentionMs: number;
  // Named by another system's configuration (MinIO's Kafka notification
  // target), so it keeps its name under any KAFKA_TOPIC_PREFIX and every
  // StreamHub on that MinIO reads it: each keeps only its own bucket's events.
  namedElsewhere?: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const TOPICS = {
  storageObjectEvents: {
    name: 'storage.object-events',
    partitions: 3,
    retentionMs: 7 * DAY_MS,
    namedElsewhere: true,
  },
  authEvents: { name: 'auth.events', partitions: 3, retentionMs: 30 * DAY_MS },
  filesEvents: { name: 'files.events', partitions: 3, retentionMs: 30 * DAY_MS },
  billingEvents: { name: 'billing.events', partitions: 3, retentionMs: 30 * DAY_MS },
  auditEvents: { name: 'audit.events', partitions: 3, retentionMs: 90 * DAY_MS },
  // Keyed by channel id: a channel's messages stay in order. Every gateway
  // process reads all of it (its own consumer group) to push to its sockets.
  chatEvents: { name: 'chat.events', partitions: 6, retentionMs: 7 * DAY_MS },
  notificationEvents: { name: 'notifications.events', partitions: 3, retentionMs: 7 * DAY_MS },
} as const satisfies Record<string, TopicSpec>;

export const ALL_TOPICS: TopicSpec[] = Object.values(TOPICS);

/** A topic's name in an installation whose topics carry `prefix`. */
export function topicName(topic: TopicSpec, prefix: string): string {
  return topic.namedElsewhere ? topic.name : `${prefix}${topic.name}`;
}

/** Every topic an installation with this prefix needs, under the names it uses. */
export function prefixedTopics(prefix: string, topics: TopicSpec[] = ALL_TOPICS): TopicSpec[] {
  return topics.map((topic) => ({ ...topic, name: topicName(topic, prefix) }));
}
