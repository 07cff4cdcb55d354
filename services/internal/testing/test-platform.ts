import { randomUUID } from 'node:crypto';
import { startPlatform, type RunningPlatform } from '../../platform';
import { freePort } from './free-port';
import { requireTestEnv } from './require-env';

export const SERVER_ENV = [
  'DATABASE_URL',
  'REDIS_URL',
  'KAFKA_BROKERS',
  'TEMPORAL_ADDRESS',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
  'S3_BUCKET',
] as const;

// What keeps this test run apart from a dev app and from other runs on the
// same servers (see tilt/local/test-run.ts); `npm test` sets every one.
export const ISOLATION_ENV = [
  'TEMPORAL_NAMESPACE',
  'KAFKA_TOPIC_PREFIX',
  'KAFKA_GROUP_PREFIX',
  'REDIS_KEY_PREFIX',
] as const;

export interface TestPlatform {
  baseUrl: string;
  /** The gateway's Prometheus endpoint's origin (METRICS_PORT): /metrics is not on the API port. */
  metricsUrl: string;
  grpcPort: number;
  platform: RunningPlatform;
  stop(): Promise<void>;
}

/**
 * Boots the real StreamHub in this process against the real servers that
 * `npm test` started, on free ports. Client addresses come from
 * X-Forwarded-For so each test can have its own rate-limit bucket.
 */
export async function startTestPlatform(
  options: { targets?: string[]; env?: Record<string, string> } = {},
): Promise<TestPlatform> {
  const servers = requireTestEnv([...SERVER_ENV, ...ISOLATION_ENV]);
  const [httpPort, grpcPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const platform = await startPlatform({
    targets: options.targets ?? ['all'],
    env: {
      ...servers,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      HTTP_PORT: String(httpPort),
      HTTP_TRUST_PROXY: 'true',
      GRPC_PORT: String(grpcPort),
      METRICS_PORT: String(metricsPort),
      BCRYPT_COST: '4',
      OUTBOX_POLL_MS: '50',
      // One test user creates items in tight loops (the authorization matrix); a test of the
      // per-user creation limits sets its own low ones.
      WRITE_RATE_UPLOADS_PER_MINUTE: '100000',
      WRITE_RATE_FOLDERS_PER_MINUTE: '100000',
      WRITE_RATE_SHARES_PER_MINUTE: '100000',
      // Each test app has its own task queue: workflows left over from one app never run on another's worker.
      TEMPORAL_TASK_QUEUE: `streamhub-test-${randomUUID()}`,
      // Mail (sign-up's verify-email code) goes to the stack's Mailpit, wherever its port is.
      ...(process.env.SMTP_URL ? { SMTP_URL: process.env.SMTP_URL } : {}),
      ...options.env,
    },
  });
  return {
    baseUrl: `http://127.0.0.1:${httpPort}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    grpcPort,
    platform,
    stop: () => platform.stop(),
  };
}
