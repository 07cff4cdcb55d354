import { z } from 'zod';
import type { Plan } from '../../../proto/gen/billing/v1/billing_pb.js';
import { AppError } from '../../internal/errors';

const SECONDS_PER_DAY = 86_400;

export const PlanSchema = z
  .object({
    id: z.uuid(),
    slug: z.string().describe('Stable machine name of the plan, e.g. free, plus, pro'),
    name: z.string(),
    storageQuotaBytes: z.number().int().describe('Bytes a user on this plan may store'),
    maxFileSizeBytes: z.number().int().describe('Largest single file a user on this plan may upload'),
    trashRetentionDays: z
      .number()
      .describe(
        'Days a trashed item is kept before it is purged; fractional when the retention is not a whole number of days (0.5 = 12 hours)',
      ),
    periodDays: z.number().int().describe('Length of one billing period'),
    priceCents: z.number().int().describe('Price per period in cents'),
  })
  .meta({ id: 'Plan' });

export function presentPlan(plan: Plan | undefined): z.infer<typeof PlanSchema> {
  if (!plan) throw new AppError('internal', 'the billing service answered without a plan');
  return {
    id: plan.id,
    slug: plan.slug,
    name: plan.name,
    storageQuotaBytes: jsonSafeNumber(plan.storageQuotaBytes, 'storageQuotaBytes'),
    maxFileSizeBytes: jsonSafeNumber(plan.maxFileSizeBytes, 'maxFileSizeBytes'),
    trashRetentionDays: plan.trashRetentionSeconds / SECONDS_PER_DAY,
    periodDays: plan.periodDays,
    priceCents: plan.priceCents,
  };
}

/** int64 fields arrive as bigint; a JSON number is exact only up to 2^53, so refuse rather than round. */
export function jsonSafeNumber(value: bigint, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
    throw new AppError('internal', `${field} (${value}) is too large for a JSON number`);
  return Number(value);
}
