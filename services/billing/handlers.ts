import type { ServiceImpl } from '@connectrpc/connect';
import { PlanChange, type BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import { applyPlan } from './commands/apply-plan';
import { getSubscriptionStats } from './commands/get-subscription-stats';
import { getUserPlan } from './commands/get-user-plan';
import { listPlans } from './commands/list-plans';
import { retirePlan } from './commands/retire-plan';
import { BILLING_ERRORS } from './errors';
import { toPlanMessage } from './plan-message';
import type { SubscriptionDeps } from './subscription-deps';
import { createSubscriptionHandlers } from './subscription-handlers';

const PLAN_CHANGES = {
  created: PlanChange.CREATED,
  updated: PlanChange.UPDATED,
  unretired: PlanChange.UNRETIRED,
  unchanged: PlanChange.UNCHANGED,
} as const;

// gRPC <-> commands, nothing else.
export function createBillingHandlers(deps: SubscriptionDeps): ServiceImpl<typeof BillingService> {
  return {
    ...createSubscriptionHandlers(deps),
    async listPlans() {
      return { plans: (await listPlans({ deps })).map(toPlanMessage) };
    },
    async getUserPlan(request) {
      return { plan: toPlanMessage(await getUserPlan({ deps, userId: request.userId })) };
    },
    async applyPlan(request) {
      if (!request.terms) throw BILLING_ERRORS.invalidPlan([{ field: 'terms', message: 'is required' }]);
      const applied = await applyPlan({ deps, terms: request.terms, makeDefault: request.makeDefault });
      return {
        planId: applied.plan.id,
        change: PLAN_CHANGES[applied.change],
        isDefault: applied.plan.is_default,
        retainedDefault: applied.retainedDefault,
      };
    },
    async retirePlan(request) {
      return retirePlan({ deps, slug: request.slug });
    },
    async getSubscriptionStats() {
      return { activeByPlan: await getSubscriptionStats({ deps }) };
    },
  };
}
