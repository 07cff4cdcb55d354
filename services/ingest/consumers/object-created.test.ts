import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { KafkaMessage } from 'kafkajs';
import { createLogger } from '../../internal/logger';
import { createObjectCreatedConsumer } from './object-created';

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

function notification(bucket: string, key: string): KafkaMessage {
  return {
    key: Buffer.from(`${bucket}/${key}`),
    value: Buffer.from(JSON.stringify({ EventName: 's3:ObjectCreated:Put' })),
  } as KafkaMessage;
}

describe('the object-created consumer', () => {
  const logger = createLogger({ level: 'silent' });
  const key = () => `users/${randomUUID()}/${randomUUID()}/1`;

  it("signals the upload workflow for an object in its installation's bucket", async () => {
    const temporal = recordingTemporal();
    const consumer = createObjectCreatedConsumer(temporal.client, logger, 'streamhub');
    const objectKey = key();
    await consumer.handleMessage(notification('streamhub', objectKey));
    expect(temporal.signalled).toEqual([`upload:${objectKey.split('/')[2]}`]);
  });

  it("ignores another installation's bucket on the same MinIO (a test run beside a dev app)", async () => {
    const temporal = recordingTemporal();
    const consumer = createObjectCreatedConsumer(temporal.client, logger, 'streamhub');
    await consumer.handleMessage(notification('streamhub-test-1a2b3c4d', key()));
    await consumer.handleMessage(notification('streamhub2', key()));
    expect(temporal.signalled).toEqual([]);
  });
});
