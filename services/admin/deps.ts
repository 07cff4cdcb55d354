import type { Database } from '../internal/db';

/** What the admin commands need, built once by module.ts. */
export interface AdminDeps {
  db: Database;
}
