import { presentPlan } from '../../presenters/plan';
import type { HandlerContext } from '../../route';
import type { PlanList } from './schema';

export async function listPlans({ koa, services }: HandlerContext<undefined, undefined, undefined>) {
  const { plans } = await services.billing.listPlans({});
  koa.body = plans.map(presentPlan) satisfies PlanList;
}
