// Creates StreamHub's bucket and wires its notifications to Kafka. Used by
// the local stack and by the operator, so it takes a client and reads no
// settings.
import {
  NotificationConfig,
  ObjectCreatedAll,
  ObjectRemovedAll,
  QueueConfig,
  type Client,
  type LifecycleConfig,
  type LifecycleRule,
} from 'minio';

export interface BucketSpec {
  bucket: string;
  // The queue ARN MinIO registered for its Kafka target, e.g.
  // arn:minio:sqs::streamhub:kafka.
  notificationArn: string;
  // Only objects under this key prefix raise events (user files live under
  // users/<userId>/...; uploads' scratch space elsewhere must not).
  keyPrefix?: string;
  // Multipart uploads a client never completed or aborted are aborted after
  // this many days, so their parts stop taking space.
  abortIncompleteMultipartUploadDays?: number;
}

/** What ensureBucket found and did. */
export interface BucketReport {
  /** What it changed, in words (empty when the bucket was already as specified). */
  changes: string[];
  /**
   * `unsupported` when the S3 server refuses the AbortIncompleteMultipartUpload
   * rule. MinIO does (it has no such lifecycle action); it aborts stale
   * uploads by itself after `api.stale_uploads_expiry`, 24 h by default.
   */
  abortIncompleteUploadsRule: 'applied' | 'unsupported';
}

const EVENTS = [ObjectCreatedAll, ObjectRemovedAll];
export const ABORT_INCOMPLETE_UPLOADS_RULE_ID = 'streamhub-abort-incomplete-multipart-uploads';

// Safe to call on every start: each step checks before it changes anything.
export async function ensureBucket(client: Client, spec: BucketSpec): Promise<BucketReport> {
  const prefix = spec.keyPrefix ?? 'users/';
  const changes: string[] = [];
  if (!(await client.bucketExists(spec.bucket))) {
    try {
      await client.makeBucket(spec.bucket);
      changes.push(`created bucket ${spec.bucket}`);
    } catch (error) {
      // Another instance created it between our check and our call.
      if ((error as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw error;
    }
  }

  const versioning = await client.getBucketVersioning(spec.bucket);
  if (versioning?.Status !== 'Enabled') {
    await client.setBucketVersioning(spec.bucket, { Status: 'Enabled' });
    changes.push('enabled versioning');
  }

  const abortIncompleteUploadsRule = await ensureAbortIncompleteUploadsRule(
    client,
    spec.bucket,
    spec.abortIncompleteMultipartUploadDays ?? 1,
    changes,
  );

  if (!(await hasNotification(client, spec.bucket, spec.notificationArn, prefix))) {
    // The bucket's notification configuration is replaced as a whole:
    // StreamHub owns this bucket, so ours is the only one it should have.
    const queue = new QueueConfig(spec.notificationArn);
    for (const event of EVENTS) queue.addEvent(event);
    queue.addFilterPrefix(prefix);
    const config = new NotificationConfig();
    config.add(queue);
    await client.setBucketNotification(spec.bucket, config);
    changes.push(`set the ${prefix} notification to ${spec.notificationArn}`);
  }
  return { changes, abortIncompleteUploadsRule };
}

/**
 * The lifecycle configuration with our rule put in (replacing an older
 * version of it) and every other rule kept: lifecycle rules someone added
 * by hand are theirs.
 */
export function withAbortIncompleteUploadsRule(
  current: LifecycleConfig | null,
  days: number,
): LifecycleConfig {
  const others = lifecycleRules(current).filter((rule) => rule.ID !== ABORT_INCOMPLETE_UPLOADS_RULE_ID);
  return {
    Rule: [
      ...others,
      {
        ID: ABORT_INCOMPLETE_UPLOADS_RULE_ID,
        Status: 'Enabled',
        Filter: { Prefix: '' },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: days },
      },
    ],
  };
}

/** True when the configuration already has our rule, enabled, with these days. */
export function hasAbortIncompleteUploadsRule(current: LifecycleConfig | null, days: number): boolean {
  return lifecycleRules(current).some(
    (rule) =>
      rule.ID === ABORT_INCOMPLETE_UPLOADS_RULE_ID &&
      rule.Status === 'Enabled' &&
      Number(rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation) === days,
  );
}

// The XML parser gives one rule as an object and several as an array.
function lifecycleRules(config: LifecycleConfig | null): LifecycleRule[] {
  const rules = (config?.Rule ?? []) as LifecycleRule[] | LifecycleRule;
  return Array.isArray(rules) ? rules : [rules];
}

async function ensureAbortIncompleteUploadsRule(
  client: Client,
  bucket: string,
  days: number,
  changes: string[],
): Promise<BucketReport['abortIncompleteUploadsRule']> {
  let current: LifecycleConfig | null = null;
  try {
    current = await client.getBucketLifecycle(bucket);
  } catch (error) {
    if ((error as { code?: string }).code !== 'NoSuchLifecycleConfiguration') throw error;
  }
  if (hasAbortIncompleteUploadsRule(current, days)) return 'applied';
  try {
    await client.setBucketLifecycle(bucket, withAbortIncompleteUploadsRule(current, days));
  } catch (error) {
    // MinIO answers MalformedXML / InvalidArgument for an action it does not know.
    const code = (error as { code?: string }).code;
    if (code === 'MalformedXML' || code === 'InvalidArgument' || code === 'NotImplemented')
      return 'unsupported';
    throw error;
  }
  changes.push(`set the lifecycle rule aborting incomplete multipart uploads after ${days} day(s)`);
  return 'applied';
}

async function hasNotification(
  client: Client,
  bucket: string,
  arn: string,
  prefix: string,
): Promise<boolean> {
  const current = await client.getBucketNotification(bucket);
  return (current.QueueConfiguration ?? []).some(
    (entry) =>
      entry.Queue === arn &&
      EVENTS.every((event) => entry.Event.includes(event)) &&
      entry.Filter.some((rule) => rule.Name.toLowerCase() === 'prefix' && rule.Value === prefix),
  );
}
