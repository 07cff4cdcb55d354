import { GuardedCache, READ_CACHE_NAMESPACE } from '../../internal/cache/guarded-cache';
import type { ActivityProvider } from '../../internal/modules/activity-provider';
import { createPaymentProvider } from '../payments/create-provider';
import { createSubscriptionActivities } from './subscription';

/** Billing owns the subscription: process; the worker runs its activities. */
export const billingActivityProvider: ActivityProvider = {
  service: 'billing',
  config: ['subscriptions'],
  create({ config, use }) {
    const db = use('database');
    const settings = config.get('subscriptions');
    return createSubscriptionActivities({
      db,
      // The same cache as billing's readers: a renewal or downgrade invalidates the user's plan everywhere.
      cache: new GuardedCache(use('redis'), READ_CACHE_NAMESPACE),
      payments: createPaymentProvider(db, settings),
      settings,
    });
  },
};
