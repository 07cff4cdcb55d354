import { ALL_TOPICS, type TopicSpec } from '../../../internal/kafka/topics';
import type { BucketSpec } from '../../../internal/provisioning/bucket';
import type { SearchAttributeType, StreamHubPlatformSpec } from '../../api/v1alpha1/types';
import { readyCondition, type ConditionUpdate } from '../../framework/conditions';

const HOUR_MS = 3_600_000;
const DAY_SECONDS = 86_400;

export function generateBucketSpec(spec: StreamHubPlatformSpec): BucketSpec {
  return {
    bucket: spec.bucket.name,
    notificationArn: spec.bucket.notification.arn,
    keyPrefix: spec.bucket.notification.prefix,
    abortIncompleteMultipartUploadDays: spec.bucket.abortIncompleteMultipartUploadDays,
  };
}

/**
 * StreamHub's topics with the spec's overrides: a listed topic replaces the
 * default of the same name, a new name adds a topic. Retention -1 is
 * Kafka's "forever".
 */
export function generateTopicSpecs(spec: StreamHubPlatformSpec): TopicSpec[] {
  const topics = new Map(ALL_TOPICS.map((topic) => [topic.name, { ...topic }]));
  for (const override of spec.kafka?.topics ?? [])
    topics.set(override.name, {
      name: override.name,
      partitions: override.partitions,
      retentionMs: override.retentionHours === -1 ? -1 : override.retentionHours * HOUR_MS,
    });
  return [...topics.values()];
}

export const namespaceRetentionSeconds = (spec: StreamHubPlatformSpec): number =>
  spec.temporal.retentionDays * DAY_SECONDS;

// temporal.api.enums.v1.IndexedValueType, by the names the CRD uses.
export const INDEXED_VALUE_TYPES: Record<SearchAttributeType, number> = {
  Text: 1,
  Keyword: 2,
  Int: 3,
  Double: 4,
  Bool: 5,
  Datetime: 6,
  KeywordList: 7,
};

export interface SearchAttributePlan {
  /** To register: name -> IndexedValueType. */
  missing: Record<string, number>;
  /** Registered with another type: Temporal cannot change a type, a person must decide. */
  mismatched: Array<{ name: string; desired: SearchAttributeType; actual: string }>;
}

/** Which of the desired search attributes to add, given those the namespace has (name -> IndexedValueType). */
export function planSearchAttributes(
  desired: StreamHubPlatformSpec['temporal']['searchAttributes'],
  current: Record<string, number>,
): SearchAttributePlan {
  const plan: SearchAttributePlan = { missing: {}, mismatched: [] };
  for (const attribute of desired) {
    const wanted = INDEXED_VALUE_TYPES[attribute.type];
    const actual = current[attribute.name];
    if (actual === undefined) plan.missing[attribute.name] = wanted;
    else if (actual !== wanted)
      plan.mismatched.push({ name: attribute.name, desired: attribute.type, actual: typeName(actual) });
  }
  return plan;
}

function typeName(value: number): string {
  return Object.entries(INDEXED_VALUE_TYPES).find(([, number]) => number === value)?.[0] ?? `type ${value}`;
}

export const PLATFORM_CONDITIONS = {
  bucket: 'BucketReady',
  topics: 'TopicsReady',
  temporal: 'TemporalNamespaceReady',
  migrations: 'MigrationsApplied',
} as const;

export const PLATFORM_REASONS = {
  bucketProvisioned: 'BucketProvisioned',
  bucketError: 'BucketError',
  topicsProvisioned: 'TopicsProvisioned',
  topicsCannotShrink: 'PartitionsCannotShrink',
  kafkaError: 'KafkaError',
  namespaceProvisioned: 'NamespaceProvisioned',
  searchAttributeTypeMismatch: 'SearchAttributeTypeMismatch',
  temporalError: 'TemporalError',
  migrationsApplied: 'MigrationsApplied',
  migrationsPending: 'MigrationsPending',
  migrationError: 'MigrationError',
  ready: 'PlatformReady',
  notReady: 'PlatformNotReady',
} as const;

/** Ready over the four system conditions. */
export function generatePlatformReady(systems: readonly ConditionUpdate[]): ConditionUpdate {
  return readyCondition(systems, {
    ready: PLATFORM_REASONS.ready,
    notReady: PLATFORM_REASONS.notReady,
    readyMessage: 'bucket, topics, Temporal namespace and database schema match the spec',
  });
}
