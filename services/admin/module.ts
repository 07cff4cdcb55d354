import { startConsumers } from '../internal/kafka/consumer';
import type { StreamHubModule } from '../internal/modules/provided';
import { createAuditLogConsumer } from './consumers/audit-log';

export const adminModule: StreamHubModule = {
  config: ['kafka'],
  async start({ config, use, logger }) {
    const handlers = [createAuditLogConsumer(use('database'), logger)];
    const stop = await startConsumers({
      kafka: use('kafka'),
      handlers,
      logger,
      groupPrefix: config.get('kafka').groupPrefix,
    });
    return { stop };
  },
};
