import { SubscriptionSchema } from '../../presenters/subscription';
import { defineRoute } from '../../route';
import { cancelSubscription, changePlan, getSubscription } from './handlers';
import { ChangePlanBody } from './schema';

const tags = ['Subscription'];
const answer = { 200: { description: 'The subscription', schema: SubscriptionSchema } };

export const subscriptionRoutes = [
  defineRoute({
    operationId: 'getSubscription',
    method: 'get',
    path: '/v1/subscription',
    summary: "The caller's plan, period, status and next charge",
    tags,
    auth: true,
    responses: answer,
    errors: ['subscription_not_found'],
    handler: getSubscription,
  }),
  defineRoute({
    operationId: 'changePlan',
    method: 'post',
    path: '/v1/subscription',
    summary:
      'Start or change the plan: a dearer plan applies at once (the difference charged prorated), a cheaper one at the period end; the current plan again resumes a canceled subscription',
    tags,
    auth: true,
    body: ChangePlanBody,
    responses: answer,
    errors: [
      'plan_not_found',
      'plan_retired',
      'same_plan',
      'subscription_past_due',
      'payment_failed',
      'subscription_busy',
    ],
    handler: changePlan,
  }),
  defineRoute({
    operationId: 'cancelSubscription',
    method: 'delete',
    path: '/v1/subscription',
    summary: 'Cancel at the period end: the plan stays until then, then the subscription expires',
    tags,
    auth: true,
    responses: answer,
    errors: ['subscription_not_found', 'subscription_not_cancelable', 'subscription_busy'],
    handler: cancelSubscription,
  }),
];
