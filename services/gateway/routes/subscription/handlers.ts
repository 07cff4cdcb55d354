import { presentSubscription } from '../../presenters/subscription';
import type { HandlerContext } from '../../route';
import type { ChangePlanBody } from './schema';

export async function getSubscription({
  koa,
  user,
  services,
}: HandlerContext<undefined, undefined, undefined>) {
  const { subscription } = await services.billing.getSubscription({ userId: user.userId });
  koa.body = presentSubscription(subscription);
}

export async function changePlan({
  koa,
  user,
  body,
  services,
}: HandlerContext<ChangePlanBody, undefined, undefined>) {
  const { subscription } = await services.billing.changePlan({ userId: user.userId, plan: body.planId });
  koa.body = presentSubscription(subscription);
}

export async function cancelSubscription({
  koa,
  user,
  services,
}: HandlerContext<undefined, undefined, undefined>) {
  const { subscription } = await services.billing.cancelSubscription({ userId: user.userId });
  koa.body = presentSubscription(subscription);
}
