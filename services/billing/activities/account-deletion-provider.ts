import { GuardedCache, READ_CACHE_NAMESPACE } from '../../internal/cache/guarded-cache';
import type { ActivityProvider } from '../../internal/modules/activity-provider';
import { createAccountDeletionActivities } from './account-deletion';

/** Billing's part of account-deletion: for the worker. */
export const billingAccountDeletionProvider: ActivityProvider = {
  service: 'billing',
  config: [],
  create({ use }) {
    return createAccountDeletionActivities({
      db: use('database'),
      cache: new GuardedCache(use('redis'), READ_CACHE_NAMESPACE),
    });
  },
};
