import { setInterval as every } from 'node:timers/promises';
import { BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import { GuardedCache, READ_CACHE_NAMESPACE } from '../internal/cache/guarded-cache';
import { startModuleConsumers } from '../internal/modules/consumers';
import { startModuleOutboxRelay } from '../internal/modules/outbox-relay';
import type { StreamHubModule } from '../internal/modules/provided';
import { sweepOverdueSubscriptions } from './commands/sweep-overdue-subscriptions';
import { createNewUserSubscriptionConsumer } from './consumers/new-user-subscription';
import { createBillingHandlers } from './handlers';
import { createPaymentProvider } from './payments/create-provider';
import type { SubscriptionDeps } from './subscription-deps';

const SWEEP_INTERVAL_MS = 60_000;

export const billingModule: StreamHubModule = {
  config: ['kafka', 'outbox', 'temporal', 'subscriptions'],
  async start(context) {
    const { config, use, logger } = context;
    const db = use('database');
    const settings = config.get('subscriptions');
    const deps: SubscriptionDeps = {
      db,
      cache: new GuardedCache(use('redis'), READ_CACHE_NAMESPACE),
      payments: createPaymentProvider(db, settings),
      settings,
      temporal: { client: use('temporalClient'), taskQueue: config.get('temporal').taskQueue },
    };
    use('grpcServer').register(BillingService, createBillingHandlers(deps));
    const consumers = await startModuleConsumers(context, [createNewUserSubscriptionConsumer(deps, logger)]);
    // Subscription events (reminders, changes) leave through billing's outbox.
    const relay = startModuleOutboxRelay(context, 'billing');
    const stopSweeping = new AbortController();
    const sweeping = (async () => {
      for await (const _ of every(SWEEP_INTERVAL_MS, undefined, { signal: stopSweeping.signal })) {
        const started = await sweepOverdueSubscriptions({ deps }).catch((error: unknown) => {
          logger.warn({ err: error }, 'sweep of overdue subscriptions failed');
          return 0;
        });
        if (started > 0) logger.info({ started }, 'started lost subscription workflows');
      }
    })().catch(() => undefined);
    return {
      stop: async () => {
        stopSweeping.abort();
        await sweeping;
        await relay.stop();
        await consumers.stop?.();
      },
    };
  },
};
