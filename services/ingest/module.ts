import { startModuleConsumers } from '../internal/modules/consumers';
import type { StreamHubModule } from '../internal/modules/provided';
import { createObjectCreatedConsumer } from './consumers/object-created';

/** Turns storage notifications into workflow signals; one consumer per event kind, listed here. */
export const ingestModule: StreamHubModule = {
  config: ['kafka', 'bucket'],
  async start(context) {
    const { use, logger, config } = context;
    return startModuleConsumers(context, [
      createObjectCreatedConsumer(use('temporalClient'), logger, config.get('bucket').name),
    ]);
  },
};
