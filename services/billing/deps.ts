import type { ReadCache } from '../internal/cache/guarded-cache';
import type { Database } from '../internal/db';

/** What the billing commands need, built once by module.ts. */
export interface BillingDeps {
  db: Database;
  /** Users' plans (plan-cache.ts); every write to plans or subscriptions goes through its guard. */
  cache: ReadCache;
}
