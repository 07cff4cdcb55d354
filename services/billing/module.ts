import { BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import { GuardedCache, READ_CACHE_NAMESPACE } from '../internal/cache/guarded-cache';
import { startModuleConsumers } from '../internal/modules/consumers';
import type { StreamHubModule } from '../internal/modules/provided';
import { createNewUserSubscriptionConsumer } from './consumers/new-user-subscription';
import type { BillingDeps } from './deps';
import { createBillingHandlers } from './handlers';

export const billingModule: StreamHubModule = {
  config: ['kafka'],
  async start(context) {
    const deps: BillingDeps = {
      db: context.use('database'),
      cache: new GuardedCache(context.use('redis'), READ_CACHE_NAMESPACE),
    };
    context.use('grpcServer').register(BillingService, createBillingHandlers(deps));
    return startModuleConsumers(context, [createNewUserSubscriptionConsumer(deps, context.logger)]);
  },
};
