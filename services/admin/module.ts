import { EventConsumer } from '../internal/kafka/consumer';
import type { StreamHubModule } from '../internal/modules/provided';
import { createAuditLogConsumer } from './consumers/audit-log';

export const adminModule: StreamHubModule = {
  config: ['kafka'],
  async start({ config, use, logger }) {
    const consumers = [
      new EventConsumer(
        use('kafka'),
        createAuditLogConsumer(use('database'), logger),
        logger,
        config.get('kafka').groupPrefix,
      ),
    ];
    await Promise.all(consumers.map((consumer) => consumer.start()));
    return { stop: async () => void (await Promise.all(consumers.map((consumer) => consumer.stop()))) };
  },
};
