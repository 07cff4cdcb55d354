import { Kafka, logLevel } from 'kafkajs';
import type { ConfigSection } from '../config';
import type { Logger } from '../logger';

/** A kafkajs client whose own log lines go through our logger. */
export function createKafka(config: ConfigSection<'kafka'>, logger: Logger): Kafka {
  return new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const level =
        entry.level === logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'debug';
      logger[level]({ kafka: entry.namespace, ...entry.log }, entry.log.message);
    },
    retry: { initialRetryTime: 200, retries: 8 },
  });
}
