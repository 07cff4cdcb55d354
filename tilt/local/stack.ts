// Brings up every server StreamHub needs, in dependency order, reusing any
// that already answers on its port (another terminal's `npm run stack
// servers`, say). Only what this call started is stopped by stopOwned().
import { Kafka, logLevel } from 'kafkajs';
import { Client as MinioClient } from 'minio';
import { ALL_TOPICS, TOPICS } from '../../services/internal/kafka/topics';
import { ensureBucket } from '../../services/internal/provisioning/bucket';
import { ensureTopics } from '../../services/internal/provisioning/topics';
import { ensureKafka } from './install/kafka';
import { ensureEtcd, ensureKubeApiserver } from './install/kubernetes';
import { ensureJaeger } from './install/jaeger';
import { ensureJava } from './install/java';
import { ensureMailpit } from './install/mailpit';
import { ensureMinio } from './install/minio';
import { ensurePostgres } from './install/postgres';
import { ensureRedis } from './install/redis';
import { ensureTemporal } from './install/temporal';
import { VERSIONS } from './versions';
import { HOST, portEnvName, resolvePorts, type PortName } from './ports';
import { note, step } from './progress';
import * as etcd from './servers/etcd';
import * as jaeger from './servers/jaeger';
import * as kafka from './servers/kafka';
import * as kubeApiserver from './servers/kube-apiserver';
import * as mailpit from './servers/mailpit';
import * as minio from './servers/minio';
import { portInUse } from './servers/net';
import * as postgres from './servers/postgres';
import { sleep, type RunningServer } from './servers/process';
import * as redis from './servers/redis';
import * as temporal from './servers/temporal';

export const DEV_DATABASE = 'streamhub';
export const BUCKET = 'streamhub';
// MinIO accepts any region name; S3 clients need one to sign requests.
const S3_REGION = 'us-east-1';

export interface StackOptions {
  runtimeDir: string;
  // Aborting stops what was started so far and rejects.
  signal?: AbortSignal;
  // Also etcd and a kube-apiserver (for the chart and operator tests).
  kubernetes?: boolean;
}

export interface Stack {
  // Exactly the settings StreamHub's config reads.
  env: Record<string, string>;
  summary: string[];
  stopOwned(): Promise<void>;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const ports = resolvePorts();
  const owned: RunningServer[] = [];
  const summary: string[] = [];
  // Aborted by the caller, or by us when a step fails: servers still starting
  // in parallel then stop themselves instead of outliving the failure.
  const halt = new AbortController();
  opts.signal?.addEventListener('abort', () => halt.abort(), { once: true });
  const signal = halt.signal;

  const stopOwned = async (): Promise<void> => {
    // Reverse order: MinIO flushes events to Kafka, apps leave Postgres last.
    for (const server of owned.splice(0).reverse()) {
      await step(`stop ${server.name} (pid ${server.pid})`, () => server.stop());
    }
  };

  // Reuse a server that answers; refuse a port taken by something else; else
  // install (if needed) and start it, and remember that we own it.
  const startOrReuse = async <T extends RunningServer>(
    name: string,
    portName: PortName,
    address: string,
    probe: () => Promise<void>,
    launch: () => Promise<T>,
  ): Promise<void> => {
    const port = ports[portName];
    const reused = await step(`${name} on ${HOST}:${port}`, async () => {
      if (await answers(probe)) return true;
      // A busy machine can make a running server miss one short probe: ask
      // again for a while before calling the port someone else's.
      if ((await portInUse(HOST, port)) && (await answersWithin(probe, BUSY_SERVER_GRACE_MS))) return true;
      if (await portInUse(HOST, port)) {
        throw new Error(
          `port ${port} is taken by something that does not answer as StreamHub's ${name}. Stop it, or move ours with ${portEnvName(portName)}=<port>`,
        );
      }
      const server = await launch();
      if (signal.aborted) {
        await server.stop(); // started just as we were interrupted
        throw new Error('interrupted');
      }
      owned.push(server);
      summary.push(`${name.padEnd(9)} ${address}  (pid ${server.pid}, log ${server.logFile})`);
      return false;
    });
    if (reused) {
      note(`${name}: already running on ${HOST}:${port}; reusing it (this run will not stop it)`);
      summary.push(`${name.padEnd(9)} ${address}  (already running, not started by this run)`);
    }
  };

  const brokers = `${HOST}:${ports.kafka}`;
  const temporalAddress = `${HOST}:${ports.temporal}`;
  const s3Endpoint = `http://${HOST}:${ports.minio}`;

  // Temporal depends on nothing else, and starts in parallel with the rest.
  const temporalStarted = startOrReuse(
    'temporal',
    'temporal',
    `${temporalAddress}, UI http://${HOST}:${ports.temporalUi}`,
    () => temporal.checkTemporal(temporalAddress),
    async () =>
      temporal.start({
        runtimeDir: opts.runtimeDir,
        port: ports.temporal,
        uiPort: ports.temporalUi,
        binary: await ensureTemporal(signal),
        signal,
      }),
  );

  // Mailpit (SMTP and its web UI) depends on nothing else either.
  const mailpitStarted = startOrReuse(
    'mailpit',
    'mailpitUi',
    `${mailpit.mailpitSmtpUrl(ports.mailpitSmtp)}, UI ${mailpit.mailpitUiUrl(ports.mailpitUi)}`,
    () => mailpit.checkMailpit(ports.mailpitUi),
    async () =>
      mailpit.start({
        runtimeDir: opts.runtimeDir,
        smtpPort: ports.mailpitSmtp,
        uiPort: ports.mailpitUi,
        binary: await ensureMailpit(signal),
        signal,
      }),
  );

  // Jaeger (the app's traces) depends on nothing else either.
  const jaegerStarted = startOrReuse(
    'jaeger',
    'jaegerUi',
    `OTLP ${jaeger.jaegerOtlpEndpoint(ports.jaegerOtlpHttp)}, query API ${jaeger.jaegerUiUrl(ports.jaegerUi)}`,
    () => jaeger.checkJaeger(ports.jaegerUi),
    async () =>
      jaeger.start({
        runtimeDir: opts.runtimeDir,
        otlpHttpPort: ports.jaegerOtlpHttp,
        otlpGrpcPort: ports.jaegerOtlpGrpc,
        uiPort: ports.jaegerUi,
        queryGrpcPort: ports.jaegerQueryGrpc,
        binary: await ensureJaeger(signal),
        signal,
      }),
  );

  // MinIO's first build takes minutes: begin it now, not after Kafka is up.
  const minioRunning = await answers(() => minio.checkMinio(ports.minio));
  const minioBinary = minioRunning ? undefined : ensureMinio(signal);
  minioBinary?.catch(() => undefined); // its error is reported where it is awaited

  const sequence = async (): Promise<void> => {
    await startOrReuse(
      'postgres',
      'postgres',
      `${HOST}:${ports.postgres}`,
      () => postgres.checkPostgres(ports.postgres),
      async () =>
        postgres.start({
          runtimeDir: opts.runtimeDir,
          port: ports.postgres,
          binDir: await ensurePostgres(),
          signal,
        }),
    );
    // Test runs create (and drop) databases of their own: tilt/local/test-run.ts.
    await step(`database ${DEV_DATABASE}`, () => postgres.ensureDatabases(ports.postgres, [DEV_DATABASE]));

    await startOrReuse(
      'redis',
      'redis',
      `${HOST}:${ports.redis}`,
      () => redis.checkRedis(ports.redis),
      async () =>
        redis.start({ runtimeDir: opts.runtimeDir, port: ports.redis, binary: await ensureRedis(), signal }),
    );

    await startOrReuse(
      'kafka',
      'kafka',
      brokers,
      () => kafka.checkKafka(brokers),
      async () => {
        const libsDir = await ensureKafka(signal);
        return kafka.start({
          runtimeDir: opts.runtimeDir,
          port: ports.kafka,
          controllerPort: ports.kafkaController,
          java: await ensureJava(),
          libsDir,
          signal,
        });
      },
    );
    await step('kafka topics', () => provisionTopics(brokers));

    await startOrReuse(
      'minio',
      'minio',
      `${s3Endpoint}, console http://${HOST}:${ports.minioConsole}`,
      () => minio.checkMinio(ports.minio),
      async () =>
        minio.start({
          runtimeDir: opts.runtimeDir,
          port: ports.minio,
          consolePort: ports.minioConsole,
          binary: await (minioBinary ?? ensureMinio(signal)),
          kafkaBrokers: brokers,
          notificationTopic: TOPICS.storageObjectEvents.name,
          signal,
        }),
    );
    await step(`bucket ${BUCKET}`, () => provisionBucket(ports.minio));
  };

  const etcdEndpoint = etcd.etcdEndpoint(ports.etcd);
  const kubeUrl = `https://${HOST}:${ports.kubeApiserver}`;
  // Independent of the rest, so it starts in parallel (its first build is the longest).
  const kubernetes = async (): Promise<void> => {
    if (!opts.kubernetes) return;
    await startOrReuse(
      'etcd',
      'etcd',
      etcdEndpoint,
      () => etcd.checkEtcd(ports.etcd),
      async () =>
        etcd.start({
          runtimeDir: opts.runtimeDir,
          port: ports.etcd,
          peerPort: ports.etcdPeer,
          binary: await ensureEtcd(signal),
          signal,
        }),
    );
    await startOrReuse(
      'kube-apiserver',
      'kubeApiserver',
      kubeUrl,
      async () => {
        const token = kubeApiserver.adminToken(opts.runtimeDir, ports.kubeApiserver);
        if (!token) throw new Error('not started by this stack');
        await kubeApiserver.checkKubeApiserver(ports.kubeApiserver, token);
      },
      async () =>
        kubeApiserver.start({
          runtimeDir: opts.runtimeDir,
          port: ports.kubeApiserver,
          etcdEndpoint,
          binary: await ensureKubeApiserver(signal),
          signal,
        }),
    );
  };
  const kubernetesStarted = kubernetes();

  const interrupted = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(new Error('interrupted')), { once: true });
  });
  const sequenceDone = sequence();
  try {
    await Promise.race([
      Promise.all([sequenceDone, temporalStarted, mailpitStarted, jaegerStarted, kubernetesStarted]),
      interrupted,
    ]);
  } catch (error) {
    halt.abort();
    // Steps still in flight see the abort, stop what they started (a server
    // mid-start, a build) and settle; then stop everything that did start.
    await Promise.allSettled([
      sequenceDone,
      temporalStarted,
      mailpitStarted,
      jaegerStarted,
      kubernetesStarted,
      minioBinary,
    ]);
    await stopOwned();
    throw error;
  }

  const env: Record<string, string> = {
    DATABASE_URL: postgres.postgresUrl(ports.postgres, DEV_DATABASE),
    REDIS_URL: `redis://${HOST}:${ports.redis}`,
    KAFKA_BROKERS: brokers,
    S3_ENDPOINT: s3Endpoint,
    S3_REGION,
    S3_ACCESS_KEY: minio.MINIO_ACCESS_KEY,
    S3_SECRET_KEY: minio.MINIO_SECRET_KEY,
    S3_BUCKET: BUCKET,
    S3_NOTIFICATION_ARN: minio.MINIO_NOTIFICATION_ARN,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: temporal.TEMPORAL_NAMESPACE,
    SMTP_URL: mailpit.mailpitSmtpUrl(ports.mailpitSmtp),
    // The app's OpenTelemetry SDK reads the standard OTEL_* settings: its spans go to Jaeger.
    OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.jaegerOtlpEndpoint(ports.jaegerOtlpHttp),
    ...(opts.kubernetes
      ? {
          KUBECONFIG: kubeApiserver.kubeconfigPath(opts.runtimeDir, ports.kubeApiserver),
          ETCD_ENDPOINT: etcdEndpoint,
          KUBE_VERSION: VERSIONS.kubernetes.version,
        }
      : {}),
  };
  return { env, summary, stopOwned };
}

function answers(probe: () => Promise<void>): Promise<boolean> {
  return probe().then(
    () => true,
    () => false,
  );
}

const BUSY_SERVER_GRACE_MS = 15_000;

async function answersWithin(probe: () => Promise<void>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await answers(probe)) return true;
    await sleep(500);
  }
  return false;
}

async function provisionTopics(brokers: string): Promise<void> {
  // Retries, unlike the health probe: a broker that just started may still
  // be electing its controller when the first topics are created.
  const admin = new Kafka({
    clientId: 'streamhub-local-stack',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const created = await ensureTopics(admin, ALL_TOPICS);
    if (created.length > 0) note(`kafka: created topics ${created.join(', ')}`);
    // Looking up a group coordinator creates __consumer_offsets now, so the
    // first consumer of a fresh broker does not log "coordinator not available".
    await admin.describeGroups(['streamhub-local-stack']);
  } finally {
    await admin.disconnect();
  }
}

async function provisionBucket(port: number): Promise<void> {
  const client = new MinioClient({
    endPoint: HOST,
    port,
    useSSL: false,
    accessKey: minio.MINIO_ACCESS_KEY,
    secretKey: minio.MINIO_SECRET_KEY,
    region: S3_REGION,
  });
  try {
    await ensureBucket(client, { bucket: BUCKET, notificationArn: minio.MINIO_NOTIFICATION_ARN });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/arn/i.test(message)) {
      throw new Error(
        `MinIO on ${HOST}:${port} has no Kafka target ${minio.MINIO_NOTIFICATION_ARN} (${message}). A MinIO not started by this stack is answering on that port: stop it and run again`,
      );
    }
    throw error;
  }
}
