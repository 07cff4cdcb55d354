import { startConsumers } from '../internal/kafka/consumer';
import type { StreamHubModule } from '../internal/modules/provided';
import { createObjectCreatedConsumer } from './consumers/object-created';

/** Turns storage notifications into workflow signals; one consumer per event kind, listed here. */
export const ingestModule: StreamHubModule = {
  config: ['kafka'],
  async start({ config, use, logger }) {
    const handlers = [createObjectCreatedConsumer(use('temporalClient'), logger)];
    const stop = await startConsumers({
      kafka: use('kafka'),
      handlers,
      logger,
      groupPrefix: config.get('kafka').groupPrefix,
    });
    return { stop };
  },
};
