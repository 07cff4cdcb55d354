import type { FieldProblem } from '../internal/errors';
import { BILLING_ERRORS } from './errors';
import type { PlanValues } from './store';

/** A plan's terms as ApplyPlan receives them (byte sizes as bigint: they can exceed 2^53). */
export interface PlanTerms {
  slug: string;
  name: string;
  storageQuotaBytes: bigint;
  maxFileSizeBytes: bigint;
  trashRetentionSeconds: number;
  periodDays: number;
  priceCents: number;
}

// A slug is the name of the Plan resource it comes from (a Kubernetes object name).
const SLUG = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const INT8_MAX = (1n << 63n) - 1n;

export function slugProblem(slug: string): FieldProblem | undefined {
  return SLUG.test(slug)
    ? undefined
    : { field: 'slug', message: 'must be a lowercase name of a-z, 0-9, "-" and "." (at most 253)' };
}

/** The row values for valid terms; throws invalid_argument naming every bad field. */
export function planValuesFrom(terms: PlanTerms): PlanValues {
  const problems = [
    slugProblem(terms.slug),
    terms.name.trim() === '' ? { field: 'name', message: 'must not be empty' } : undefined,
    bytesProblem('storageQuotaBytes', terms.storageQuotaBytes, 0n),
    bytesProblem('maxFileSizeBytes', terms.maxFileSizeBytes, 1n),
    terms.trashRetentionSeconds < 0
      ? { field: 'trashRetentionSeconds', message: 'must not be negative' }
      : undefined,
    terms.periodDays < 1 ? { field: 'periodDays', message: 'must be at least 1' } : undefined,
    terms.priceCents < 0 ? { field: 'priceCents', message: 'must not be negative' } : undefined,
  ].filter((problem): problem is FieldProblem => problem !== undefined);
  if (problems.length > 0) throw BILLING_ERRORS.invalidPlan(problems);
  return {
    slug: terms.slug,
    name: terms.name,
    storage_quota_bytes: terms.storageQuotaBytes.toString(),
    max_file_size_bytes: terms.maxFileSizeBytes.toString(),
    trash_retention_seconds: terms.trashRetentionSeconds,
    period_days: terms.periodDays,
    price_cents: terms.priceCents,
  };
}

function bytesProblem(field: string, value: bigint, min: bigint): FieldProblem | undefined {
  if (value < min) return { field, message: `must be at least ${min}` };
  if (value > INT8_MAX) return { field, message: 'must be at most 2^63 - 1' };
  return undefined;
}
