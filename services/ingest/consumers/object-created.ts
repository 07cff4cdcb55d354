import { context, trace } from '@opentelemetry/api';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  ClaimStoredObjectResponse_Disposition as Disposition,
  type FilesService,
} from '../../../proto/gen/files/v1/files_pb.js';
import { objectCreatedSignal, uploadWorkflowId } from '../../../workflows/upload/contract';
import type { ServiceClient } from '../../internal/grpc/client';
import type { MessageHandler } from '../../internal/kafka/consumer';
import { TOPICS } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import { parseObjectKey } from '../../internal/object-keys';
import { contextFromTraceParent } from '../../internal/tracing/trace-parent';

const tracer = trace.getTracer('streamhub-ingest');

interface MinioNotification {
  EventName?: string;
}

/** The one files call the ingest makes: whose object is this? */
export type ObjectClaims = Pick<ServiceClient<typeof FilesService>, 'claimStoredObject'>;

/**
 * MinIO's bucket notification (JSON, keyed `bucket/key`) -> the files
 * service's claim on the object -> a signal to the object's
 * `upload:<fileId>` workflow when it is a pending upload's. A presigned URL
 * works until it expires, so an object can arrive after its upload was
 * aborted, failed or purged: files deletes such a stray (idempotently) and
 * it is logged here. Duplicates and events for uploads already settled are
 * harmless: the workflow re-verifies or is gone.
 * MinIO writes every bucket's events to one topic, so another StreamHub on
 * the same MinIO (a test run beside a dev app) is heard too: only events of
 * this installation's own bucket are acted on.
 */
export function createObjectCreatedConsumer(
  temporal: Client,
  files: ObjectClaims,
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
      const claim = await files.claimStoredObject({ object: { ...object, attempt: object.attempt ?? '' } });
      if (claim.disposition === Disposition.DELETED) {
        logger.warn(
          { key: bucketAndKey, deletedVersions: claim.deletedVersions },
          'deleted a stray object: no pending upload attempt has its key',
        );
        return;
      }
      if (claim.disposition === Disposition.UNKNOWN_OWNER) {
        logger.warn({ key: bucketAndKey }, 'leaving an object of a user the files service does not know');
        return;
      }
      if (claim.disposition !== Disposition.PENDING) return;
      // MinIO's notification carries no trace: the signal (and what the
      // workflow does on it) continues the trace of the request that created
      // the upload, linked to this message's own span (docs/tracing.md).
      const notificationSpan = trace.getActiveSpan()?.spanContext();
      const uploadTrace = contextFromTraceParent(claim.traceParent, context.active());
      await tracer.startActiveSpan(
        'ingest object-created',
        {
          links: notificationSpan ? [{ context: notificationSpan }] : [],
          attributes: { 'streamhub.file_id': object.fileId },
        },
        uploadTrace,
        async (span) => {
          try {
            await temporal.workflow
              .getHandle(uploadWorkflowId(object.fileId))
              .signal(objectCreatedSignal, { version: object.version });
          } catch (error) {
            if (!(error instanceof WorkflowNotFoundError)) throw error;
          } finally {
            span.end();
          }
        },
      );
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
