import type { Database } from '../internal/db';

/** What the billing commands need, built once by module.ts. */
export interface BillingDeps {
  db: Database;
}
