import type { Database } from '../../../internal/db';
import type { PlanRowValues } from './generate';

// The operator writes billing's plans table directly: it is the desired
// state billing reads, and billing has no API for changing plans.

interface StoredPlan extends PlanRowValues {
  id: string;
  is_default: boolean;
  retired_at: Date | null;
}

export type PlanChange = 'created' | 'updated' | 'unretired' | 'unchanged';

export interface UpsertedPlan {
  id: string;
  change: PlanChange;
  /** The row is the default although the Plan no longer claims it (see upsertPlan). */
  retainedDefault: boolean;
}

const COMPARED: Array<keyof PlanRowValues> = [
  'name',
  'storage_quota_bytes',
  'max_file_size_bytes',
  'trash_retention_seconds',
  'period_days',
  'price_cents',
];

/**
 * Creates or updates the plan by slug and puts it on sale (a retired plan
 * created again is sold again). With `makeDefault`, the default moves to
 * this plan in the same transaction (the table allows one default). The
 * default is only ever moved, never removed: a Plan that stops claiming it
 * stays the default until another claims it, because new signups need one.
 */
export async function upsertPlan(
  db: Database,
  row: PlanRowValues,
  makeDefault: boolean,
): Promise<UpsertedPlan> {
  return db.transaction(async (trx) => {
    const plans = () => trx.withSchema('billing').table('plans');
    const existing = (await plans().where({ slug: row.slug }).forUpdate().first()) as StoredPlan | undefined;
    if (makeDefault && !existing?.is_default)
      await plans().where({ is_default: true }).whereNot({ slug: row.slug }).update({ is_default: false });

    if (!existing) {
      const [inserted] = await plans()
        .insert({ ...row, is_default: makeDefault })
        .returning<Array<{ id: string }>>('id');
      return { id: inserted!.id, change: 'created', retainedDefault: false };
    }

    const differs = COMPARED.some((column) => String(existing[column]) !== String(row[column]));
    const defaultChanges = makeDefault && !existing.is_default;
    if (differs || defaultChanges || existing.retired_at) {
      await plans()
        .where({ id: existing.id })
        .update({
          ...row,
          is_default: existing.is_default || makeDefault,
          retired_at: null,
          updated_at: trx.fn.now(),
        });
    }
    const change: PlanChange = existing.retired_at
      ? 'unretired'
      : differs || defaultChanges
        ? 'updated'
        : 'unchanged';
    return { id: existing.id, change, retainedDefault: existing.is_default && !makeDefault };
  });
}

export interface RetiredPlan {
  /** False when there was no row (the Plan never synced) or it was retired already. */
  retired: boolean;
  /** The row is the default: new users still get it until another Plan claims default. */
  wasDefault: boolean;
}

/** Takes the plan off sale; its subscribers keep it (billing reads their plan whether retired or not). */
export async function retirePlan(db: Database, slug: string): Promise<RetiredPlan> {
  const rows = await db
    .withSchema('billing')
    .table('plans')
    .where({ slug })
    .whereNull('retired_at')
    .update({ retired_at: db.fn.now(), updated_at: db.fn.now() })
    .returning<Array<{ is_default: boolean }>>(['is_default']);
  if (rows.length > 0) return { retired: true, wasDefault: rows[0]!.is_default };
  const existing = await db
    .withSchema('billing')
    .table('plans')
    .where({ slug })
    .first<{ is_default: boolean } | undefined>('is_default');
  return { retired: false, wasDefault: existing?.is_default ?? false };
}
