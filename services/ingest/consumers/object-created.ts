import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { objectCreatedSignal, uploadWorkflowId } from '../../../workflows/upload/contract';
import type { MessageHandler } from '../../internal/kafka/consumer';
import { TOPICS } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import { parseObjectKey } from '../../internal/object-keys';

interface MinioNotification {
  EventName?: string;
}

/**
 * MinIO's bucket notification (JSON, keyed `bucket/key`) -> a signal to the
 * object's `upload:<fileId>` workflow. Duplicates and events for uploads
 * already settled are harmless: the workflow re-verifies or is gone.
 * MinIO writes every bucket's events to one topic, so another StreamHub on
 * the same MinIO (a test run beside a dev app) is heard too: only events of
 * this installation's own bucket are acted on.
 */
export function createObjectCreatedConsumer(
  temporal: Client,
  logger: Logger,
  bucket: string,
): MessageHandler {
  return {
    name: 'ingest.object-created',
    topics: [TOPICS.storageObjectEvents],
    async handleMessage(message) {
      const notification = parseNotification(message.value);
      if (!notification?.EventName?.startsWith('s3:ObjectCreated:')) return;
      const bucketAndKey = message.key?.toString() ?? '';
      const slash = bucketAndKey.indexOf('/');
      if (bucketAndKey.slice(0, slash) !== bucket) return;
      const object = parseObjectKey(bucketAndKey.slice(slash + 1));
      if (!object) {
        logger.warn({ key: bucketAndKey }, 'ignoring an object outside users/<user>/<file>/<version>');
        return;
      }
      try {
        await temporal.workflow
          .getHandle(uploadWorkflowId(object.fileId))
          .signal(objectCreatedSignal, { version: object.version });
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },
  };
}

function parseNotification(value: Buffer | null): MinioNotification | undefined {
  try {
    return JSON.parse(value?.toString('utf8') ?? '') as MinioNotification;
  } catch {
    return undefined;
  }
}
