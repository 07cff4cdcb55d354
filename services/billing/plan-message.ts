import { int64FromPg } from './int64';
import type { PlanRow } from './store';

/** A plan row as the Plan message (int8 sizes exactly, as bigint). */
export function toPlanMessage(plan: PlanRow) {
  return {
    id: plan.id,
    slug: plan.slug,
    name: plan.name,
    storageQuotaBytes: int64FromPg(plan.storage_quota_bytes),
    maxFileSizeBytes: int64FromPg(plan.max_file_size_bytes),
    trashRetentionSeconds: plan.trash_retention_seconds,
    periodDays: plan.period_days,
    priceCents: plan.price_cents,
  };
}
