import { ALL_TOPICS } from '../../../internal/kafka/topics';
import { platformSpec as spec } from '../../testing/fixtures';
import {
  generateBucketSpec,
  generatePlatformReady,
  generateTopicSpecs,
  INDEXED_VALUE_TYPES,
  namespaceRetentionSeconds,
  planSearchAttributes,
} from './generate';

describe('generateBucketSpec', () => {
  it('carries the bucket, notification and lifecycle settings to provisioning', () => {
    const bucket = { ...spec().bucket, abortIncompleteMultipartUploadDays: 2 };
    expect(generateBucketSpec(spec({ bucket }))).toEqual({
      bucket: 'streamhub',
      notificationArn: 'arn:minio:sqs::STREAMHUB:kafka',
      keyPrefix: 'users/',
      abortIncompleteMultipartUploadDays: 2,
    });
  });
});

describe('generateTopicSpecs', () => {
  it("is StreamHub's default topics when the spec lists none", () => {
    expect(generateTopicSpecs(spec())).toEqual(ALL_TOPICS);
    expect(generateTopicSpecs(spec({ kafka: { topics: [] } }))).toEqual(ALL_TOPICS);
  });

  it('replaces a default by name and adds new topics, with retention in milliseconds (-1 forever)', () => {
    const topics = generateTopicSpecs(
      spec({
        kafka: {
          topics: [
            { name: 'storage.object-events', partitions: 12, retentionHours: 24 },
            { name: 'extra', partitions: 1, retentionHours: -1 },
          ],
        },
      }),
    );
    expect(topics).toHaveLength(ALL_TOPICS.length + 1);
    expect(topics.find((topic) => topic.name === 'storage.object-events')).toEqual({
      name: 'storage.object-events',
      partitions: 12,
      retentionMs: 86_400_000,
    });
    expect(topics.find((topic) => topic.name === 'extra')).toEqual({
      name: 'extra',
      partitions: 1,
      retentionMs: -1,
    });
  });
});

describe('namespaceRetentionSeconds', () => {
  it('is the retention in days as seconds', () => {
    expect(namespaceRetentionSeconds(spec())).toBe(7 * 86_400);
  });
});

describe('planSearchAttributes', () => {
  const desired = spec().temporal.searchAttributes;

  it('adds the attributes the namespace lacks', () => {
    expect(planSearchAttributes(desired, { UserId: INDEXED_VALUE_TYPES.Keyword })).toEqual({
      missing: { FileId: INDEXED_VALUE_TYPES.Keyword },
      mismatched: [],
    });
  });

  it('changes nothing when all are registered, ignoring attributes the spec does not name', () => {
    expect(planSearchAttributes(desired, { UserId: 2, FileId: 2, Other: 3 })).toEqual({
      missing: {},
      mismatched: [],
    });
  });

  it('reports an attribute registered with another type instead of touching it', () => {
    expect(planSearchAttributes(desired, { UserId: INDEXED_VALUE_TYPES.Text, FileId: 2 }).mismatched).toEqual(
      [{ name: 'UserId', desired: 'Keyword', actual: 'Text' }],
    );
  });
});

describe('generatePlatformReady', () => {
  it('is True only when the four systems are', () => {
    const ok = (type: string) => ({ type, status: 'True' as const, reason: 'Fine', message: 'fine' });
    expect(generatePlatformReady([ok('BucketReady'), ok('TopicsReady')])).toMatchObject({
      status: 'True',
      reason: 'PlatformReady',
    });
    expect(
      generatePlatformReady([
        ok('BucketReady'),
        { type: 'MigrationsApplied', status: 'False', reason: 'MigrationsPending', message: '2 pending' },
      ]),
    ).toMatchObject({ status: 'False', reason: 'PlatformNotReady', message: 'MigrationsApplied: 2 pending' });
  });
});
