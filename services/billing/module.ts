import { BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import { EventConsumer } from '../internal/kafka/consumer';
import type { StreamHubModule } from '../internal/modules/provided';
import { createNewUserSubscriptionConsumer } from './consumers/new-user-subscription';
import type { BillingDeps } from './deps';
import { createBillingHandlers } from './handlers';

export const billingModule: StreamHubModule = {
  config: ['kafka'],
  async start({ config, use, logger }) {
    const deps: BillingDeps = { db: use('database') };
    use('grpcServer').register(BillingService, createBillingHandlers(deps));
    const consumers = [
      new EventConsumer(
        use('kafka'),
        createNewUserSubscriptionConsumer(deps, logger),
        logger,
        config.get('kafka').groupPrefix,
      ),
    ];
    await Promise.all(consumers.map((consumer) => consumer.start()));
    return { stop: async () => void (await Promise.all(consumers.map((consumer) => consumer.stop()))) };
  },
};
