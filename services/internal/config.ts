import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_UPLOAD_TTL_SECONDS, MAX_UPLOAD_TTL_SECONDS } from './upload-expiry';

// Configuration is read from the environment once, at start-up, and only the
// sections the chosen targets need are validated, all together, so a bad
// install reports every problem in one message.
const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
// Kafka's legal topic characters; a prefix is part of every topic name.
const topicPrefix = z
  .string()
  .regex(/^[a-zA-Z0-9._-]*$/, 'may contain only letters, digits, ".", "_" and "-"')
  .default('');
const bucketName = z.string().min(3).default('streamhub');
// One cost for every bcrypt hash (account passwords, public link passwords).
const bcryptCost = z.coerce.number().int().min(4).max(15).default(12);
const DAY_SECONDS = 86_400;
const csv = z
  .string()
  .min(1)
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

export const CONFIG_SECTIONS = {
  core: z
    .object({
      NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
      LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      // Unset: pretty on a terminal, JSON otherwise (services/internal/logger.ts).
      LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    })
    .transform((env) => ({ environment: env.NODE_ENV, logLevel: env.LOG_LEVEL, logFormat: env.LOG_FORMAT })),
  // How many copies of the chosen targets run side by side (node:cluster,
  // services/internal/process-cluster.ts). `npm start` sets the core count.
  processes: z
    .object({ CLUSTER_WORKERS: positiveInt.max(64).default(1) })
    .transform((env) => ({ workers: env.CLUSTER_WORKERS })),
  http: z
    .object({
      HTTP_HOST: z.string().default('127.0.0.1'),
      HTTP_PORT: port.default(8080),
      // Behind an ingress, the client address comes from X-Forwarded-For.
      HTTP_TRUST_PROXY: z.stringbool().default(false),
    })
    .transform((env) => ({ host: env.HTTP_HOST, port: env.HTTP_PORT, trustProxy: env.HTTP_TRUST_PROXY })),
  // The gateway serves Prometheus' /metrics here, apart from the public API
  // port (other targets serve it on HTTP_PORT, which only the cluster reaches).
  metricsListener: z
    .object({ HTTP_HOST: z.string().default('127.0.0.1'), METRICS_PORT: port.default(9464) })
    .transform((env) => ({ host: env.HTTP_HOST, port: env.METRICS_PORT })),
  grpcServer: z
    .object({ GRPC_HOST: z.string().default('127.0.0.1'), GRPC_PORT: port.default(9090) })
    .transform((env) => ({ host: env.GRPC_HOST, port: env.GRPC_PORT })),
  // Each service address defaults to this process's own gRPC server, which
  // is where it lives with --target=all.
  grpcClients: z
    .object({
      GRPC_PORT: port.default(9090),
      AUTH_GRPC_URL: z.url().optional(),
      FILES_GRPC_URL: z.url().optional(),
      STORAGE_GRPC_URL: z.url().optional(),
      BILLING_GRPC_URL: z.url().optional(),
      ADMIN_GRPC_URL: z.url().optional(),
      CHAT_GRPC_URL: z.url().optional(),
      NOTIFICATIONS_GRPC_URL: z.url().optional(),
    })
    .transform((env) => {
      const local = `http://127.0.0.1:${env.GRPC_PORT}`;
      return {
        authUrl: env.AUTH_GRPC_URL ?? local,
        filesUrl: env.FILES_GRPC_URL ?? local,
        storageUrl: env.STORAGE_GRPC_URL ?? local,
        billingUrl: env.BILLING_GRPC_URL ?? local,
        adminUrl: env.ADMIN_GRPC_URL ?? local,
        chatUrl: env.CHAT_GRPC_URL ?? local,
        notificationsUrl: env.NOTIFICATIONS_GRPC_URL ?? local,
      };
    }),
  database: z
    .object({
      DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
      DATABASE_POOL_MAX: positiveInt.default(10),
    })
    .transform((env) => ({ url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX })),
  redis: z
    .object({
      REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }),
      // Every key StreamHub writes starts with this, so installations (or a
      // test run beside a dev app) can share one Redis without meeting.
      REDIS_KEY_PREFIX: z.string().default('streamhub:'),
    })
    .transform((env) => ({ url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX })),
  kafka: z
    .object({
      KAFKA_BROKERS: csv,
      KAFKA_CLIENT_ID: z.string().default('streamhub'),
      // Consumer groups are <prefix>.<handler>; installations (or test runs)
      // sharing a broker need different prefixes or they steal each other's partitions.
      KAFKA_GROUP_PREFIX: z.string().min(1).default('streamhub'),
      // Put before the name of every topic StreamHub owns, for the same
      // reason; MinIO's notification topic is named by MinIO and keeps its name.
      KAFKA_TOPIC_PREFIX: topicPrefix,
    })
    .transform((env) => ({
      brokers: env.KAFKA_BROKERS,
      clientId: env.KAFKA_CLIENT_ID,
      groupPrefix: env.KAFKA_GROUP_PREFIX,
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
    })),
  temporal: z
    .object({
      TEMPORAL_ADDRESS: z.string().regex(/^[^:\s]+:\d+$/, 'must be host:port'),
      TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
      TEMPORAL_TASK_QUEUE: z.string().min(1).default('streamhub'),
    })
    .transform((env) => ({
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
    })),
  s3: z
    .object({
      S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }),
      // Where clients reach S3 when it is not S3_ENDPOINT (an ingress in Kubernetes): presigned URLs use it.
      S3_PUBLIC_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
      S3_REGION: z.string().min(1).default('us-east-1'),
      S3_ACCESS_KEY: z.string().min(1),
      S3_SECRET_KEY: z.string().min(1),
      S3_BUCKET: bucketName,
    })
    .transform((env) => ({
      endpoint: env.S3_ENDPOINT,
      publicEndpoint: env.S3_PUBLIC_ENDPOINT,
      region: env.S3_REGION,
      accessKey: env.S3_ACCESS_KEY,
      secretKey: env.S3_SECRET_KEY,
      bucket: env.S3_BUCKET,
    })),
  // The bucket alone, for modules that read its events but hold no S3 credentials (ingest).
  bucket: z.object({ S3_BUCKET: bucketName }).transform((env) => ({ name: env.S3_BUCKET })),
  storage: z
    .object({ MULTIPART_THRESHOLD_BYTES: positiveInt.default(64 * 1024 * 1024) })
    .transform((env) => ({ multipartThresholdBytes: env.MULTIPART_THRESHOLD_BYTES })),
  files: z
    .object({
      // How long a presigned upload URL (and so an unfinished upload) lives.
      UPLOAD_URL_TTL_SECONDS: positiveInt.max(MAX_UPLOAD_TTL_SECONDS).default(DEFAULT_UPLOAD_TTL_SECONDS),
      // A part URL's lifetime (never past the upload's): a client asks for parts as it sends them.
      UPLOAD_PART_URL_TTL_SECONDS: positiveInt.max(MAX_UPLOAD_TTL_SECONDS).default(900),
      DOWNLOAD_URL_TTL_SECONDS: positiveInt.default(300),
      // Trashed items whose purge time falls in the same window share one timer.
      TRASH_BATCH_WINDOW_SECONDS: positiveInt.default(3600),
      // Public links: lifetime when none is asked for, the longest allowed, and
      // how long the presigned URL a link opens lives.
      LINK_DEFAULT_TTL_SECONDS: positiveInt.default(7 * DAY_SECONDS),
      LINK_MAX_TTL_SECONDS: positiveInt.default(30 * DAY_SECONDS),
      LINK_URL_TTL_SECONDS: positiveInt.default(60),
      BCRYPT_COST: bcryptCost,
      // Folders nested deeper than this are refused (folder_too_deep): every access check walks the chain.
      MAX_FOLDER_DEPTH: positiveInt.default(64),
    })
    .refine((env) => env.LINK_DEFAULT_TTL_SECONDS <= env.LINK_MAX_TTL_SECONDS, {
      message: 'LINK_DEFAULT_TTL_SECONDS must not exceed LINK_MAX_TTL_SECONDS',
      path: ['LINK_DEFAULT_TTL_SECONDS'],
    })
    .transform((env) => ({
      uploadUrlTtlSeconds: env.UPLOAD_URL_TTL_SECONDS,
      uploadPartUrlTtlSeconds: env.UPLOAD_PART_URL_TTL_SECONDS,
      downloadUrlTtlSeconds: env.DOWNLOAD_URL_TTL_SECONDS,
      trashBatchWindowSeconds: env.TRASH_BATCH_WINDOW_SECONDS,
      linkDefaultTtlSeconds: env.LINK_DEFAULT_TTL_SECONDS,
      linkMaxTtlSeconds: env.LINK_MAX_TTL_SECONDS,
      linkUrlTtlSeconds: env.LINK_URL_TTL_SECONDS,
      bcryptCost: env.BCRYPT_COST,
      maxFolderDepth: env.MAX_FOLDER_DEPTH,
    })),
  tokens: z
    .object({
      JWT_ISSUER: z.string().min(1).default('streamhub'),
      JWT_AUDIENCE: z.string().min(1).default('streamhub-api'),
      ACCESS_TOKEN_TTL_SECONDS: positiveInt.default(900),
      REFRESH_TOKEN_TTL_SECONDS: positiveInt.default(30 * 24 * 3600),
      BCRYPT_COST: bcryptCost,
    })
    .transform((env) => ({
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      bcryptCost: env.BCRYPT_COST,
    })),
  rateLimits: z
    .object({
      RATE_LIMIT_AUTH_MAX: positiveInt.default(20),
      RATE_LIMIT_AUTH_WINDOW_SECONDS: positiveInt.default(60),
      // Refresh and logout, per client address: their own bucket, so failed logins behind one
      // address (a NAT, an office) never stop its users from keeping their sessions.
      RATE_LIMIT_SESSION_MAX: positiveInt.default(60),
      RATE_LIMIT_SESSION_WINDOW_SECONDS: positiveInt.default(60),
      // Login attempts per account (docs/login-protection.md): free ones, then a lock that doubles
      // from BASE up to MAX seconds with each further attempt; forgotten after RESET idle seconds.
      LOGIN_LOCKOUT_FREE_ATTEMPTS: positiveInt.default(5),
      LOGIN_LOCKOUT_BASE_SECONDS: positiveInt.default(1),
      LOGIN_LOCKOUT_MAX_SECONDS: positiveInt.default(900),
      LOGIN_LOCKOUT_RESET_SECONDS: positiveInt.default(3600),
      // One-time codes (docs/otp.md): requests and verifications per client address.
      RATE_LIMIT_OTP_MAX: positiveInt.default(10),
      RATE_LIMIT_OTP_WINDOW_SECONDS: positiveInt.default(600),
      // GET/POST /v1/public/{token}: requests per minute per client address, and per link.
      PUBLIC_LINK_RATE_PER_IP: positiveInt.default(120),
      PUBLIC_LINK_RATE_PER_TOKEN: positiveInt.default(60),
      // Creations per user and minute (docs/api.md#rate-limits): far above what a person or a sync
      // client does, low enough that one account cannot flood the metadata tables.
      WRITE_RATE_UPLOADS_PER_MINUTE: positiveInt.default(600),
      WRITE_RATE_FOLDERS_PER_MINUTE: positiveInt.default(300),
      WRITE_RATE_SHARES_PER_MINUTE: positiveInt.default(120),
    })
    .transform((env) => ({
      authMax: env.RATE_LIMIT_AUTH_MAX,
      authWindowSeconds: env.RATE_LIMIT_AUTH_WINDOW_SECONDS,
      sessionMax: env.RATE_LIMIT_SESSION_MAX,
      sessionWindowSeconds: env.RATE_LIMIT_SESSION_WINDOW_SECONDS,
      loginLockout: {
        freeAttempts: env.LOGIN_LOCKOUT_FREE_ATTEMPTS,
        baseSeconds: env.LOGIN_LOCKOUT_BASE_SECONDS,
        maxSeconds: env.LOGIN_LOCKOUT_MAX_SECONDS,
        resetSeconds: env.LOGIN_LOCKOUT_RESET_SECONDS,
      },
      otpMax: env.RATE_LIMIT_OTP_MAX,
      otpWindowSeconds: env.RATE_LIMIT_OTP_WINDOW_SECONDS,
      publicLinkPerIp: env.PUBLIC_LINK_RATE_PER_IP,
      publicLinkPerToken: env.PUBLIC_LINK_RATE_PER_TOKEN,
      writesPerMinute: {
        uploads: env.WRITE_RATE_UPLOADS_PER_MINUTE,
        folders: env.WRITE_RATE_FOLDERS_PER_MINUTE,
        shares: env.WRITE_RATE_SHARES_PER_MINUTE,
      },
    })),
  // List cursors leave the gateway signed (services/gateway/list-cursors.ts):
  // every gateway process must share the key. Unset outside production, a
  // fixed, public development key; production refuses to start without one.
  cursors: z
    .object({
      NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
      CURSOR_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    })
    .refine((env) => env.CURSOR_SIGNING_KEY !== undefined || env.NODE_ENV !== 'production', {
      message: 'is required when NODE_ENV=production (at least 32 random characters)',
      path: ['CURSOR_SIGNING_KEY'],
    })
    .transform((env) => ({
      signingKey: env.CURSOR_SIGNING_KEY
        ? Buffer.from(env.CURSOR_SIGNING_KEY, 'utf8')
        : createHash('sha256').update('streamhub development cursor key').digest(),
    })),
  // Outgoing mail (services/internal/mail). The default is the local stack's Mailpit.
  mail: z
    .object({
      SMTP_URL: z
        .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })
        .default('smtp://127.0.0.1:11025'),
      MAIL_FROM: z.string().min(3).default('StreamHub <no-reply@streamhub.local>'),
    })
    .transform((env) => ({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM })),
  // One-time codes by mail (services/auth/otp, docs/otp.md).
  otp: z
    .object({
      OTP_TTL_SECONDS: positiveInt.default(600),
      OTP_MAX_ATTEMPTS: positiveInt.max(20).default(5),
      // Code requests per email address per window, whatever the client address.
      OTP_EMAIL_MAX: positiveInt.default(5),
      OTP_EMAIL_WINDOW_SECONDS: positiveInt.default(3600),
    })
    .transform((env) => ({
      ttlSeconds: env.OTP_TTL_SECONDS,
      maxAttempts: env.OTP_MAX_ATTEMPTS,
      emailMax: env.OTP_EMAIL_MAX,
      emailWindowSeconds: env.OTP_EMAIL_WINDOW_SECONDS,
    })),
  // The Kubernetes operator (services/operator, docs/operator.md).
  operator: z
    .object({
      // The namespace whose resources it reconciles; in a pod, its own (POD_NAMESPACE from the downward API).
      OPERATOR_NAMESPACE: z.string().min(1).optional(),
      POD_NAMESPACE: z.string().min(1).optional(),
      // Its identity in the leader Lease and in Events.
      POD_NAME: z.string().min(1).optional(),
      HOSTNAME: z.string().min(1).optional(),
      OPERATOR_LEASE_NAME: z.string().min(1).default('streamhub-operator'),
      OPERATOR_LEASE_DURATION_SECONDS: positiveInt.default(15),
      // Every resource is reconciled again this often, which repairs drift (a topic deleted by hand).
      OPERATOR_RESYNC_SECONDS: positiveInt.default(300),
      // Outside a cluster: the kubeconfig file (else ~/.kube/config); in a pod the service account is used.
      KUBECONFIG: z.string().min(1).optional(),
    })
    .transform((env) => ({
      namespace: env.OPERATOR_NAMESPACE ?? env.POD_NAMESPACE ?? 'default',
      identity: env.POD_NAME ?? env.HOSTNAME ?? `streamhub-operator-${process.pid}`,
      leaseName: env.OPERATOR_LEASE_NAME,
      leaseDurationSeconds: env.OPERATOR_LEASE_DURATION_SECONDS,
      resyncSeconds: env.OPERATOR_RESYNC_SECONDS,
      kubeconfigPath: env.KUBECONFIG,
    })),
  // The subscription lifecycle (docs/subscriptions.md). Times in seconds.
  subscriptions: z
    .object({
      // Every paid period lasts this long instead of the plan's period_days (tests, demos).
      SUBSCRIPTION_PERIOD_SECONDS: positiveInt.optional(),
      // How long before a paid period ends the renewal reminder goes out.
      SUBSCRIPTION_REMINDER_SECONDS: positiveInt.default(3 * 86_400),
      // How long a failed renewal is retried (past_due) before the downgrade to the default plan.
      SUBSCRIPTION_GRACE_SECONDS: positiveInt.default(7 * 86_400),
      // The first retry after a failed charge; each next one waits twice as long.
      SUBSCRIPTION_RETRY_SECONDS: positiveInt.default(86_400),
      // Only the test provider exists: it charges nothing and fails for these users (or as an admin set).
      PAYMENT_PROVIDER: z.enum(['test']).default('test'),
      PAYMENTS_TEST_FAIL_USERS: z.string().default(''),
    })
    .transform((env) => ({
      periodSecondsOverride: env.SUBSCRIPTION_PERIOD_SECONDS,
      reminderSeconds: env.SUBSCRIPTION_REMINDER_SECONDS,
      graceSeconds: env.SUBSCRIPTION_GRACE_SECONDS,
      retrySeconds: env.SUBSCRIPTION_RETRY_SECONDS,
      paymentProvider: env.PAYMENT_PROVIDER,
      testFailUsers: env.PAYMENTS_TEST_FAIL_USERS.split(',')
        .map((user) => user.trim())
        .filter(Boolean),
    })),
  outbox: z
    .object({ OUTBOX_POLL_MS: positiveInt.default(200) })
    .transform((env) => ({ pollMs: env.OUTBOX_POLL_MS })),
  // The gateway's WebSocket, /v1/ws (services/gateway/ws, docs/messaging.md#websocket).
  websocket: z
    .object({
      // A larger client frame closes the socket with 1009.
      WS_MAX_PAYLOAD_BYTES: positiveInt.default(16 * 1024),
      // Client frames per second per socket, and the burst allowed above it (4008 beyond).
      WS_RATE_PER_SECOND: positiveInt.default(20),
      WS_RATE_BURST: positiveInt.default(40),
      // Bytes queued for a client that does not read; above this it is dropped (4009).
      WS_MAX_BUFFERED_BYTES: positiveInt.default(1024 * 1024),
      // The server pings this often; a socket that did not answer the previous ping is dropped.
      WS_HEARTBEAT_SECONDS: positiveInt.default(30),
      // Without a subprotocol token, the first frame must authenticate within this time (4001).
      WS_AUTH_TIMEOUT_SECONDS: positiveInt.default(5),
      // A user's presence outlives their last heartbeat by this long (a gateway that died).
      WS_PRESENCE_TTL_SECONDS: positiveInt.default(75),
    })
    .transform((env) => ({
      maxPayloadBytes: env.WS_MAX_PAYLOAD_BYTES,
      ratePerSecond: env.WS_RATE_PER_SECOND,
      rateBurst: env.WS_RATE_BURST,
      maxBufferedBytes: env.WS_MAX_BUFFERED_BYTES,
      heartbeatMs: env.WS_HEARTBEAT_SECONDS * 1000,
      authTimeoutMs: env.WS_AUTH_TIMEOUT_SECONDS * 1000,
      presenceTtlMs: env.WS_PRESENCE_TTL_SECONDS * 1000,
    })),
};

export type ConfigSectionName = keyof typeof CONFIG_SECTIONS;
export type ConfigSection<N extends ConfigSectionName> = z.output<(typeof CONFIG_SECTIONS)[N]>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface Config {
  get<N extends ConfigSectionName>(name: N): ConfigSection<N>;
}

/** Validates the named sections of `env` at once; throws one ConfigError listing every problem. */
export function loadConfig(
  env: Record<string, string | undefined>,
  sections: Iterable<ConfigSectionName>,
): Config {
  const parsed = new Map<ConfigSectionName, unknown>();
  const problems: string[] = [];
  for (const name of new Set(sections)) {
    const result = CONFIG_SECTIONS[name].safeParse(env);
    if (result.success) parsed.set(name, result.data);
    else
      problems.push(
        ...result.error.issues.map((issue) => `${issue.path.join('.') || name}: ${issue.message}`),
      );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    get(name) {
      if (!parsed.has(name))
        throw new Error(`config section "${name}" was not declared by any started module`);
      return parsed.get(name) as ConfigSection<typeof name>;
    },
  };
}
