import { startModuleConsumers } from '../internal/modules/consumers';
import type { StreamHubModule } from '../internal/modules/provided';
import { createObjectCreatedConsumer } from './consumers/object-created';

/** Turns storage notifications into workflow signals; one consumer per event kind, listed here. */
export const ingestModule: StreamHubModule = {
  config: ['kafka'],
  async start(context) {
    const { use, logger } = context;
    return startModuleConsumers(context, [createObjectCreatedConsumer(use('temporalClient'), logger)]);
  },
};
