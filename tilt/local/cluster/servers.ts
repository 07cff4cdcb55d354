// The servers a StreamHub release on the local cluster talks to: its own
// Postgres, Redis, Kafka, MinIO and Temporal, started through the local
// stack's server modules with their own data (.streamhub/cluster/servers)
// and ports, bound to the cni0 bridge's address 10.244.0.1. That address is
// on the host only: pods reach it through the bridge, the host (and a test
// client following MinIO's presigned URLs) reaches it locally, and nothing
// outside the machine does (Temporal runs on loopback behind a forwarder on
// that address: tcp-forward.ts). The local stack's own servers stay on
// 127.0.0.1, which pods cannot reach.
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '../../../services/internal/kafka/topics';
import { ensureTopics } from '../../../services/internal/provisioning/topics';
import { ensureJava } from '../install/java';
import { ensureKafka } from '../install/kafka';
import { ensureMailpit } from '../install/mailpit';
import { ensureMinio } from '../install/minio';
import { ensurePostgres } from '../install/postgres';
import { ensureRedis } from '../install/redis';
import { ensureTemporal } from '../install/temporal';
import { step } from '../progress';
import * as kafka from '../servers/kafka';
import * as mailpit from '../servers/mailpit';
import * as minio from '../servers/minio';
import * as postgres from '../servers/postgres';
import type { RunningServer } from '../servers/process';
import * as redis from '../servers/redis';
import * as temporal from '../servers/temporal';
import { HOST } from '../ports';
import { BRIDGE_ADDRESS, ensureBridge } from './bridge';
import { CLUSTER_NETWORK, type ClusterLayout } from './layout';
import { forwardTcp } from './tcp-forward';

// None of the local stack's ports (15432, 16379, 19092, 19000, 17233, ...).
export const CLUSTER_SERVER_PORTS = {
  postgres: 25432,
  redis: 26379,
  kafka: 29092,
  kafkaController: 29093,
  minio: 29000,
  minioConsole: 29001,
  temporal: 27233,
  temporalUi: 28233,
  mailpitSmtp: 21025,
  mailpitUi: 28025,
} as const;

export const CLUSTER_DATABASE = 'streamhub';
export const CLUSTER_S3_REGION = 'us-east-1';

export interface ClusterServers {
  host: string;
  databaseUrl: string;
  redisUrl: string;
  kafkaBrokers: string;
  s3Endpoint: string;
  s3AccessKey: string;
  s3SecretKey: string;
  s3Region: string;
  temporalAddress: string;
  temporalUiUrl: string;
  notificationArn: string;
  smtpUrl: string;
  mailpitUiUrl: string;
  runtimeDir: string;
  stop(): Promise<void>;
}

export async function startClusterServers(layout: ClusterLayout): Promise<ClusterServers> {
  const host = BRIDGE_ADDRESS;
  const ports = CLUSTER_SERVER_PORTS;
  const runtimeDir = path.join(layout.root, 'servers');
  fs.mkdirSync(runtimeDir, { recursive: true });
  await ensureBridge();
  const started: RunningServer[] = [];
  const stop = async () => {
    // Reverse order: MinIO sends to Kafka, the app needs them all.
    for (const server of started.reverse()) await server.stop().catch(() => undefined);
    started.length = 0;
  };
  try {
    const brokers = `${host}:${ports.kafka}`;
    started.push(
      await step(`postgres ${host}:${ports.postgres}`, async () =>
        postgres.start({
          runtimeDir,
          port: ports.postgres,
          binDir: await ensurePostgres(),
          host,
          // The pods, and the host itself, whose address on the bridge is in it.
          allowFrom: [CLUSTER_NETWORK.podCidr],
        }),
      ),
    );
    await postgres.ensureDatabases(ports.postgres, [CLUSTER_DATABASE], host);
    started.push(
      await step(`redis ${host}:${ports.redis}`, async () =>
        redis.start({ runtimeDir, port: ports.redis, binary: await ensureRedis(), host }),
      ),
    );
    started.push(
      await step(`kafka ${brokers}`, async () =>
        kafka.start({
          runtimeDir,
          port: ports.kafka,
          controllerPort: ports.kafkaController,
          java: await ensureJava(),
          libsDir: await ensureKafka(),
          host,
        }),
      ),
    );
    // MinIO's Kafka target needs its topic at start; the operator makes the rest.
    await step(`topic ${TOPICS.storageObjectEvents.name}`, () => createNotificationTopic(brokers));
    started.push(
      await step(`minio ${host}:${ports.minio}`, async () =>
        minio.start({
          runtimeDir,
          port: ports.minio,
          consolePort: ports.minioConsole,
          binary: await ensureMinio(),
          kafkaBrokers: brokers,
          notificationTopic: TOPICS.storageObjectEvents.name,
          host,
        }),
      ),
    );
    // On loopback, reached through forwarders on the bridge address (tcp-forward.ts says why).
    started.push(
      await step(`temporal ${host}:${ports.temporal}`, async () => {
        const server = await temporal.start({
          runtimeDir,
          port: ports.temporal,
          uiPort: ports.temporalUi,
          binary: await ensureTemporal(),
        });
        const forwards = [
          await forwardTcp(host, ports.temporal, HOST, ports.temporal),
          await forwardTcp(host, ports.temporalUi, HOST, ports.temporalUi),
        ];
        return {
          ...server,
          stop: async () => {
            for (const forward of forwards) await forward.close();
            await server.stop();
          },
        };
      }),
    );
    started.push(
      await step(`mailpit ${host}:${ports.mailpitSmtp}`, async () =>
        mailpit.start({
          runtimeDir,
          smtpPort: ports.mailpitSmtp,
          uiPort: ports.mailpitUi,
          binary: await ensureMailpit(),
          host,
        }),
      ),
    );
    return {
      host,
      databaseUrl: postgres.postgresUrl(ports.postgres, CLUSTER_DATABASE, host),
      redisUrl: `redis://${host}:${ports.redis}`,
      kafkaBrokers: brokers,
      s3Endpoint: `http://${host}:${ports.minio}`,
      s3AccessKey: minio.MINIO_ACCESS_KEY,
      s3SecretKey: minio.MINIO_SECRET_KEY,
      s3Region: CLUSTER_S3_REGION,
      temporalAddress: `${host}:${ports.temporal}`,
      temporalUiUrl: `http://${host}:${ports.temporalUi}`,
      notificationArn: minio.MINIO_NOTIFICATION_ARN,
      smtpUrl: mailpit.mailpitSmtpUrl(ports.mailpitSmtp, host),
      mailpitUiUrl: mailpit.mailpitUiUrl(ports.mailpitUi, host),
      runtimeDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createNotificationTopic(brokers: string): Promise<void> {
  // Retries: a broker that just started may still be electing its controller.
  const admin = new Kafka({
    clientId: 'streamhub-cluster',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [TOPICS.storageObjectEvents]);
  } finally {
    await admin.disconnect();
  }
}
