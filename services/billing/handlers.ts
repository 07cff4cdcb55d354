import type { ServiceImpl } from '@connectrpc/connect';
import type { BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import { getUserPlan } from './commands/get-user-plan';
import { listPlans } from './commands/list-plans';
import type { BillingDeps } from './deps';
import { int64FromPg } from './int64';
import type { PlanRow } from './store';

// gRPC <-> commands, nothing else.
export function createBillingHandlers(deps: BillingDeps): ServiceImpl<typeof BillingService> {
  return {
    async listPlans() {
      return { plans: (await listPlans({ deps })).map(toPlanMessage) };
    },
    async getUserPlan(request) {
      return { plan: toPlanMessage(await getUserPlan({ deps, userId: request.userId })) };
    },
  };
}

function toPlanMessage(plan: PlanRow) {
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
