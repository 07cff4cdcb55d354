// Every Kafka topic StreamHub uses, with the settings provisioning applies.
// Producers and consumers name topics through this list, never by string.
export interface TopicSpec {
  name: string;
  partitions: number;
  retentionMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const TOPICS = {
  storageObjectEvents: { name: 'storage.object-events', partitions: 3, retentionMs: 7 * DAY_MS },
  authEvents: { name: 'auth.events', partitions: 3, retentionMs: 30 * DAY_MS },
  filesEvents: { name: 'files.events', partitions: 3, retentionMs: 30 * DAY_MS },
  auditEvents: { name: 'audit.events', partitions: 3, retentionMs: 90 * DAY_MS },
} as const satisfies Record<string, TopicSpec>;

export const ALL_TOPICS: TopicSpec[] = Object.values(TOPICS);
