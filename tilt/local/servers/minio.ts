// MinIO on 127.0.0.1: the S3 API plus its web console, sending bucket
// notifications to Kafka. The Kafka target is configured by environment,
// so MinIO must start after Kafka is up and the topic exists.
import path from 'node:path';
import { HOST } from '../ports';
import { startServer, type RunningServer } from './process';
import { serverPaths } from './runtime';

export const MINIO_ACCESS_KEY = 'streamhub';
export const MINIO_SECRET_KEY = 'streamhub-secret';
// The id in MINIO_NOTIFY_KAFKA_*_<ID>. MinIO registers the target under the
// id as written, with an empty region (none is configured): its startup log
// prints "SQS ARNs: arn:minio:sqs::STREAMHUB:kafka", and a lower-case id is
// refused with "A specified destination ARN does not exist".
const NOTIFY_ID = 'STREAMHUB';
export const MINIO_NOTIFICATION_ARN = `arn:minio:sqs::${NOTIFY_ID}:kafka`;

export interface MinioOptions {
  runtimeDir: string;
  port: number;
  consolePort: number;
  binary: string;
  kafkaBrokers: string;
  notificationTopic: string;
  // The address to listen on (default 127.0.0.1).
  host?: string;
  signal?: AbortSignal;
}

export type MinioServer = RunningServer & { endpoint: string; consoleUrl: string };

export async function checkMinio(port: number, host = HOST): Promise<void> {
  const response = await fetch(`http://${host}:${port}/minio/health/live`, {
    signal: AbortSignal.timeout(1000),
  });
  if (response.status !== 200) throw new Error(`GET /minio/health/live answered ${response.status}`);
}

export async function start(opts: MinioOptions): Promise<MinioServer> {
  const { dataDir } = serverPaths(opts.runtimeDir, 'minio');
  const host = opts.host ?? HOST;
  const env = {
    ...process.env,
    MINIO_ROOT_USER: MINIO_ACCESS_KEY,
    MINIO_ROOT_PASSWORD: MINIO_SECRET_KEY,
    MINIO_UPDATE: 'off',
    [`MINIO_NOTIFY_KAFKA_ENABLE_${NOTIFY_ID}`]: 'on',
    [`MINIO_NOTIFY_KAFKA_BROKERS_${NOTIFY_ID}`]: opts.kafkaBrokers,
    [`MINIO_NOTIFY_KAFKA_TOPIC_${NOTIFY_ID}`]: opts.notificationTopic,
    // No queue folder: MinIO sends each event to Kafka at once. With one, it
    // keeps events in its queue store and sends them every 3 s, 0-3 s on
    // every upload's confirmation. An event raised while Kafka is down is
    // dropped instead; the upload workflow's own checks confirm that upload
    // (docs/decisions.md, "Storage events without MinIO's queue store").
  };
  const server = await startServer(
    {
      name: 'minio',
      command: opts.binary,
      args: [
        'server',
        '--address',
        `${host}:${opts.port}`,
        '--console-address',
        `${host}:${opts.consolePort}`,
        path.join(dataDir, 'data'),
      ],
      runtimeDir: opts.runtimeDir,
      env,
    },
    { check: () => checkMinio(opts.port, host), timeoutMs: 30_000, signal: opts.signal },
  );
  return {
    ...server,
    endpoint: `http://${host}:${opts.port}`,
    consoleUrl: `http://${host}:${opts.consolePort}`,
  };
}
