import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { KafkaMessage } from 'kafkajs';
import { ClaimStoredObjectResponse_Disposition as Disposition } from '../../../proto/gen/files/v1/files_pb.js';
import { createLogger } from '../../internal/logger';
import { createObjectCreatedConsumer, type ObjectClaims } from './object-created';

// A stand-in for Temporal that records which workflows would be signalled.
function recordingTemporal() {
  const signalled: string[] = [];
  const client = {
    workflow: {
      getHandle: (workflowId: string) => ({
        signal: async () => void signalled.push(workflowId),
      }),
    },
  } as unknown as Client;
  return { client, signalled };
}

// A stand-in for the files service answering every claim with `disposition`, recording the keys asked about.
function claims(disposition: Disposition) {
  const asked: unknown[] = [];
  const files = {
    claimStoredObject: async (request: { object?: unknown }) => {
      asked.push(request.object);
      return { disposition, deletedVersions: disposition === Disposition.DELETED ? 1 : 0 };
    },
  } as unknown as ObjectClaims;
  return { files, asked };
}

function notification(bucket: string, key: string): KafkaMessage {
  return {
    key: Buffer.from(`${bucket}/${key}`),
    value: Buffer.from(JSON.stringify({ EventName: 's3:ObjectCreated:Put' })),
  } as KafkaMessage;
}

function recordingLogger() {
  const warnings: string[] = [];
  const logger = createLogger({ level: 'silent' });
  logger.warn = ((_fields: unknown, message: string) => void warnings.push(message)) as typeof logger.warn;
  return { logger, warnings };
}

describe('the object-created consumer', () => {
  const logger = createLogger({ level: 'silent' });
  const key = () => `users/${randomUUID()}/${randomUUID()}/1-${randomUUID()}`;

  it("signals the upload workflow for a pending attempt's object in its installation's bucket", async () => {
    const temporal = recordingTemporal();
    const files = claims(Disposition.PENDING);
    const consumer = createObjectCreatedConsumer(temporal.client, files.files, logger, 'streamhub');
    const objectKey = key();
    await consumer.handleMessage(notification('streamhub', objectKey));
    const [, userId, fileId, versionAndAttempt] = objectKey.split('/');
    expect(files.asked).toEqual([
      expect.objectContaining({ userId, fileId, version: 1, attempt: versionAndAttempt!.slice(2) }),
    ]);
    expect(temporal.signalled).toEqual([`upload:${fileId}`]);
  });

  it('signals nothing for an object the files rows keep (its own event, late)', async () => {
    const temporal = recordingTemporal();
    const consumer = createObjectCreatedConsumer(
      temporal.client,
      claims(Disposition.KEPT).files,
      logger,
      'streamhub',
    );
    await consumer.handleMessage(notification('streamhub', key()));
    expect(temporal.signalled).toEqual([]);
  });

  it('logs a stray the files service deleted, and signals nothing', async () => {
    const temporal = recordingTemporal();
    const recorded = recordingLogger();
    const consumer = createObjectCreatedConsumer(
      temporal.client,
      claims(Disposition.DELETED).files,
      recorded.logger,
      'streamhub',
    );
    await consumer.handleMessage(notification('streamhub', key()));
    expect(temporal.signalled).toEqual([]);
    expect(recorded.warnings).toEqual(['deleted a stray object: no pending upload attempt has its key']);
  });

  it("ignores another installation's bucket on the same MinIO (a test run beside a dev app)", async () => {
    const temporal = recordingTemporal();
    const files = claims(Disposition.PENDING);
    const consumer = createObjectCreatedConsumer(temporal.client, files.files, logger, 'streamhub');
    await consumer.handleMessage(notification('streamhub-test-1a2b3c4d', key()));
    await consumer.handleMessage(notification('streamhub2', key()));
    expect(temporal.signalled).toEqual([]);
    expect(files.asked).toEqual([]);
  });
});
