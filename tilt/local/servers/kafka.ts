// A single-node Kafka in KRaft mode (broker and controller in one JVM) on
// 127.0.0.1, started straight from the jars Maven fetched.
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { HOST } from '../ports';
import { runLogged } from '../progress';
import { startServer, type RunningServer } from './process';
import { serverPaths } from './runtime';

export interface KafkaOptions {
  runtimeDir: string;
  port: number;
  controllerPort: number;
  java: string;
  libsDir: string;
  // The address to listen on and advertise (default 127.0.0.1).
  host?: string;
  signal?: AbortSignal;
}

export type KafkaServer = RunningServer & { brokers: string };

// Any fixed id works for a cluster nobody else joins; fixed so that
// re-formatting an existing data folder is a no-op (base64url of 16 bytes).
const CLUSTER_ID = 'c3RyZWFtaHViLWxvY2FsMQ';

// A small fixed heap (the JVM default is a quarter of RAM) and a JIT that
// starts fast rather than peaks high: this broker serves tests, not load.
const JVM_FLAGS = [
  '-Xmx512m',
  '-Xms256m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-Xshare:auto',
  '-Djava.awt.headless=true',
];

export function kafkaClient(brokers: string): Kafka {
  return new Kafka({
    clientId: 'streamhub-local-stack',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
}

export async function checkKafka(brokers: string): Promise<void> {
  const admin = kafkaClient(brokers).admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function serverProperties(opts: KafkaOptions, dataDir: string): string {
  const host = opts.host ?? HOST;
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    // Static voters: the controller set is fixed by this file, so `format`
    // needs neither --standalone nor --initial-controllers.
    'controller.quorum.voters': `1@${host}:${opts.controllerPort}`,
    listeners: `PLAINTEXT://${host}:${opts.port},CONTROLLER://${host}:${opts.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${host}:${opts.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': path.join(dataDir, 'data'),
    // One node: every replication factor and in-sync minimum is 1.
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // The default 50 partitions make the first consumer group join slow.
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.num.partitions': 1,
    'num.partitions': 1,
    // Tests start consumers often; do not wait 3 s for more members.
    'group.initial.rebalance.delay.ms': 0,
    // Topics are created by provisioning with their settings, never by a typo.
    'auto.create.topics.enable': false,
  };
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('');
}

// Everything to the server's log file; the broker is chatty at INFO, so only
// its own startup/shutdown lines and warnings are kept.
function log4jProperties(logFile: string): string {
  return [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${logFile}`,
    'appender.file.append = true',
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = WARN',
    'rootLogger.appenderRef.file.ref = file',
    'logger.server.name = kafka.server.KafkaRaftServer',
    'logger.server.level = INFO',
    'logger.broker.name = kafka.server.BrokerServer',
    'logger.broker.level = INFO',
    '',
  ].join('\n');
}

export async function start(opts: KafkaOptions): Promise<KafkaServer> {
  const paths = serverPaths(opts.runtimeDir, 'kafka');
  const brokers = `${opts.host ?? HOST}:${opts.port}`;
  const propertiesFile = path.join(paths.dataDir, 'server.properties');
  const log4jFile = path.join(paths.dataDir, 'log4j2.properties');
  fs.writeFileSync(propertiesFile, serverProperties(opts, paths.dataDir));
  fs.writeFileSync(log4jFile, log4jProperties(paths.logFile));
  const java = [...JVM_FLAGS, `-Dlog4j2.configurationFile=${log4jFile}`, '-cp', path.join(opts.libsDir, '*')];

  // Writes meta.properties once; --ignore-formatted makes later runs a no-op.
  await runLogged({
    title: 'kafka storage format',
    command: opts.java,
    args: [
      ...java,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      CLUSTER_ID,
      '-c',
      propertiesFile,
      '--ignore-formatted',
    ],
    logFile: path.join(path.dirname(paths.logFile), 'kafka-format.log'),
    signal: opts.signal,
  });
  const server = await startServer(
    {
      name: 'kafka',
      command: opts.java,
      args: [...java, 'kafka.Kafka', propertiesFile],
      runtimeDir: opts.runtimeDir,
    },
    { check: () => checkKafka(brokers), timeoutMs: 60_000, signal: opts.signal },
  );
  return { ...server, brokers };
}
