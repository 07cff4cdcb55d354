// Creates StreamHub's bucket and wires its notifications to Kafka. Used by
// the local stack and by the operator, so it takes a client and reads no
// settings.
import { NotificationConfig, ObjectCreatedAll, ObjectRemovedAll, QueueConfig, type Client } from 'minio';

export interface BucketSpec {
  bucket: string;
  // The queue ARN MinIO registered for its Kafka target, e.g.
  // arn:minio:sqs::streamhub:kafka.
  notificationArn: string;
  // Only objects under this key prefix raise events (user files live under
  // users/<userId>/...; uploads' scratch space elsewhere must not).
  keyPrefix?: string;
}

const EVENTS = [ObjectCreatedAll, ObjectRemovedAll];

// Safe to call on every start: each step checks before it changes anything.
export async function ensureBucket(client: Client, spec: BucketSpec): Promise<void> {
  const prefix = spec.keyPrefix ?? 'users/';
  if (!(await client.bucketExists(spec.bucket))) {
    try {
      await client.makeBucket(spec.bucket);
    } catch (error) {
      // Another instance created it between our check and our call.
      if ((error as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw error;
    }
  }

  const versioning = await client.getBucketVersioning(spec.bucket);
  if (versioning?.Status !== 'Enabled') await client.setBucketVersioning(spec.bucket, { Status: 'Enabled' });

  if (await hasNotification(client, spec.bucket, spec.notificationArn, prefix)) return;
  // The bucket's notification configuration is replaced as a whole: StreamHub
  // owns this bucket, so ours is the only one it should have.
  const queue = new QueueConfig(spec.notificationArn);
  for (const event of EVENTS) queue.addEvent(event);
  queue.addFilterPrefix(prefix);
  const config = new NotificationConfig();
  config.add(queue);
  await client.setBucketNotification(spec.bucket, config);
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
