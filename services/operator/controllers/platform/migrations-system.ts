import type { Database } from '../../../internal/db';
import { migrationSource } from '../../../internal/migrate';
import type { StreamHubPlatformSpec } from '../../api/v1alpha1/types';
import { PLATFORM_CONDITIONS, PLATFORM_REASONS } from './generate';
import { errorMessage, systemNotReady, systemReady, type SystemResult } from './system-result';

export interface MigrationsResult extends SystemResult {
  /** The newest migration recorded in the database. */
  appliedMigration?: string;
}

/**
 * Applies pending migrations (knex's migration lock makes this safe next to
 * the chart's migration Job), or with apply: false only reports them.
 */
export async function reconcileMigrations(
  db: Database,
  spec: StreamHubPlatformSpec,
): Promise<MigrationsResult> {
  const type = PLATFORM_CONDITIONS.migrations;
  try {
    let [completed, pending] = await list(db);
    const changes: string[] = [];
    if (pending.length > 0 && spec.migrations.apply) {
      const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
      if (applied.length > 0) changes.push(`applied migrations ${applied.join(', ')}`);
      [completed, pending] = await list(db);
    }
    const appliedMigration = completed.at(-1);
    if (pending.length > 0) {
      const message = `${pending.length} pending (spec.migrations.apply is false): ${pending.join(', ')}`;
      return {
        ...systemNotReady(type, PLATFORM_REASONS.migrationsPending, message, { changes, retry: false }),
        appliedMigration,
      };
    }
    const message = `all ${completed.length} migrations applied; newest ${appliedMigration ?? 'none'}`;
    return { ...systemReady(type, PLATFORM_REASONS.migrationsApplied, message, changes), appliedMigration };
  } catch (error) {
    return systemNotReady(type, PLATFORM_REASONS.migrationError, errorMessage(error), { retry: true });
  }
}

async function list(db: Database): Promise<[string[], string[]]> {
  const [completed, pending] = (await db.migrate.list({ migrationSource })) as [
    Array<{ name: string } | string>,
    Array<{ name: string }>,
  ];
  // knex reports completed migrations as names or as { name } depending on version.
  return [
    completed.map((entry) => (typeof entry === 'string' ? entry : entry.name)),
    pending.map((entry) => entry.name),
  ];
}
