import { EventConsumer } from '../internal/kafka/consumer';
import type { StreamHubModule } from '../internal/modules/provided';
import { createObjectCreatedConsumer } from './consumers/object-created';

/** Turns storage notifications into workflow signals; one consumer per event kind, listed here. */
export const ingestModule: StreamHubModule = {
  config: ['kafka'],
  async start({ config, use, logger }) {
    const consumers = [
      new EventConsumer(
        use('kafka'),
        createObjectCreatedConsumer(use('temporalClient'), logger),
        logger,
        config.get('kafka').groupPrefix,
      ),
    ];
    await Promise.all(consumers.map((consumer) => consumer.start()));
    return { stop: async () => void (await Promise.all(consumers.map((consumer) => consumer.stop()))) };
  },
};
