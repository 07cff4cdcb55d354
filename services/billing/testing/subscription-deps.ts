import type { ReadCache } from '../../internal/cache/guarded-cache';
import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { loadConfig } from '../../internal/config';
import type { Database } from '../../internal/db';
import { TestPaymentProvider } from '../payments/test-provider';
import type { SubscriptionDeps } from '../subscription-deps';

/** Billing's subscription deps for command tests: the test provider, default settings, no Temporal. */
export function testSubscriptionDeps(
  db: Database,
  options: { cache?: ReadCache; env?: Record<string, string>; temporal?: SubscriptionDeps['temporal'] } = {},
): SubscriptionDeps {
  const settings = loadConfig(options.env ?? {}, ['subscriptions']).get('subscriptions');
  return {
    db,
    cache: options.cache ?? NO_CACHE,
    payments: new TestPaymentProvider(db, settings.testFailUsers),
    settings,
    temporal: options.temporal,
  };
}
