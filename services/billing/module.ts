import { BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import { startConsumers } from '../internal/kafka/consumer';
import type { StreamHubModule } from '../internal/modules/provided';
import { createNewUserSubscriptionConsumer } from './consumers/new-user-subscription';
import type { BillingDeps } from './deps';
import { createBillingHandlers } from './handlers';

export const billingModule: StreamHubModule = {
  config: ['kafka'],
  async start({ config, use, logger }) {
    const deps: BillingDeps = { db: use('database') };
    use('grpcServer').register(BillingService, createBillingHandlers(deps));
    const handlers = [createNewUserSubscriptionConsumer(deps, logger)];
    const stop = await startConsumers({
      kafka: use('kafka'),
      handlers,
      logger,
      groupPrefix: config.get('kafka').groupPrefix,
    });
    return { stop };
  },
};
