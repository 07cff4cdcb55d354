import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { Client } from 'minio';
import { prefixedTopics, TOPICS } from '../kafka/topics';
import { testKafkaNames } from '../testing/kafka-names';
import { requireTestEnv } from '../testing/require-env';
import { ensureBucket } from './bucket';
import { ensureTopics } from './topics';

// Jest's default 5 s is too short for a first consumer-group join; the
// project-level testTimeout in jest.config.js is not applied by Jest 30.
const TIMEOUT_MS = 30_000;

const SETTINGS = [
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
  'S3_BUCKET',
  'S3_NOTIFICATION_ARN',
  'KAFKA_BROKERS',
] as const;
type Settings = Record<(typeof SETTINGS)[number], string>;

function minioClient(env: Settings): Client {
  const url = new URL(env.S3_ENDPOINT);
  return new Client({
    endPoint: url.hostname,
    port: Number(url.port),
    useSSL: url.protocol === 'https:',
    accessKey: env.S3_ACCESS_KEY,
    secretKey: env.S3_SECRET_KEY,
    region: env.S3_REGION,
  });
}

// Returns once the consumer has fetched at least once, i.e. its "latest"
// offsets are fixed and anything produced afterwards will be seen; `received`
// then resolves with the first record on `topic` that `matches`. (Wrapped in
// an object because an async function would wait for a returned promise.)
async function watchTopic(
  consumer: Consumer,
  topic: string,
  matches: (message: KafkaMessage) => boolean,
): Promise<{ received: Promise<KafkaMessage> }> {
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const firstFetch = new Promise<void>((resolve) => {
    const remove = consumer.on(consumer.events.FETCH, () => {
      remove();
      resolve();
    });
  });
  let found!: (message: KafkaMessage) => void;
  const received = new Promise<KafkaMessage>((resolve) => (found = resolve));
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (matches(message)) found(message);
    },
  });
  await firstFetch;
  return { received };
}

describe('ensureBucket', () => {
  let env: Settings;
  let minio: Client;
  let kafka: Kafka;

  beforeAll(() => {
    env = requireTestEnv(SETTINGS);
    minio = minioClient(env);
    kafka = new Kafka({
      clientId: 'bucket-int-test',
      brokers: env.KAFKA_BROKERS.split(','),
      logLevel: logLevel.WARN,
    });
  });

  it(
    'creates a versioned bucket with one users/ notification to Kafka, reports what it changed, and a second call changes nothing',
    async () => {
      const bucket = `test-${randomUUID()}`;
      try {
        const first = await ensureBucket(minio, { bucket, notificationArn: env.S3_NOTIFICATION_ARN });
        const second = await ensureBucket(minio, { bucket, notificationArn: env.S3_NOTIFICATION_ARN });

        expect(first.changes).toEqual(
          expect.arrayContaining([`created bucket ${bucket}`, 'enabled versioning']),
        );
        expect(second.changes).toEqual([]);
        // MinIO has no AbortIncompleteMultipartUpload lifecycle action (it
        // expires stale uploads by itself); other S3 servers get the rule.
        expect(second.abortIncompleteUploadsRule).toBe('unsupported');

        expect(await minio.getBucketVersioning(bucket)).toMatchObject({ Status: 'Enabled' });
        const { QueueConfiguration } = await minio.getBucketNotification(bucket);
        expect(QueueConfiguration).toHaveLength(1);
        expect(QueueConfiguration[0]).toMatchObject({
          Queue: env.S3_NOTIFICATION_ARN,
          Event: expect.arrayContaining(['s3:ObjectCreated:*', 's3:ObjectRemoved:*']),
          Filter: [{ Name: 'prefix', Value: 'users/' }],
        });
      } finally {
        await minio.removeBucket(bucket);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'publishes the object event on storage.object-events when a presigned PUT stores a file under users/',
    async () => {
      // Both are idempotent: the test run already ran them on its bucket and topics.
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, prefixedTopics(testKafkaNames().topicPrefix));
      } finally {
        await admin.disconnect();
      }
      await ensureBucket(minio, { bucket: env.S3_BUCKET, notificationArn: env.S3_NOTIFICATION_ARN });

      const key = `users/${randomUUID()}/hello.txt`;
      // A short fetch wait so the first (empty) fetch returns quickly.
      const consumer = kafka.consumer({
        groupId: testKafkaNames().group(`bucket-int-test-${randomUUID()}`),
        maxWaitTimeInMs: 200,
      });
      try {
        const { received } = await watchTopic(
          consumer,
          TOPICS.storageObjectEvents.name,
          (message) => message.key?.toString() === `${env.S3_BUCKET}/${key}`,
        );

        const url = await minio.presignedPutObject(env.S3_BUCKET, key, 300);
        const response = await fetch(url, { method: 'PUT', body: Buffer.from('hello, streamhub\n') });
        expect(response.status).toBe(200);

        const message = await received;
        const event = JSON.parse(message.value!.toString()) as {
          EventName: string;
          Records: { s3: { bucket: { name: string }; object: { key: string; size: number } } }[];
        };
        expect(event.EventName).toBe('s3:ObjectCreated:Put');
        const record = event.Records[0]?.s3;
        expect(record).toMatchObject({ bucket: { name: env.S3_BUCKET }, object: { size: 17 } });
        // MinIO query-escapes the record's key ("/" as %2F, " " as +); the
        // message key is plain "<bucket>/<key>".
        expect(decodeURIComponent(record!.object.key.replace(/\+/g, ' '))).toBe(key);
      } finally {
        await consumer.disconnect();
      }
    },
    TIMEOUT_MS,
  );
});
