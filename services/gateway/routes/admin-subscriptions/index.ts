import { AdminSubscriptionSchema } from '../../presenters/subscription';
import { defineRoute } from '../../route';
import { listSubscriptions, patchSubscription } from './handlers';
import { ListSubscriptionsQuery, PatchSubscriptionBody, SubscriptionPage, UserIdParams } from './schema';

const tags = ['Admin'];

export const adminSubscriptionRoutes = [
  defineRoute({
    operationId: 'adminListSubscriptions',
    method: 'get',
    path: '/v1/admin/subscriptions',
    summary: 'Subscriptions by user id, filtered by status and plan, with a cursor',
    tags,
    auth: true,
    requiredRole: 'admin',
    query: ListSubscriptionsQuery,
    responses: { 200: { description: 'A page of subscriptions', schema: SubscriptionPage } },
    errors: ['plan_not_found'],
    handler: listSubscriptions,
  }),
  defineRoute({
    operationId: 'adminPatchSubscription',
    method: 'patch',
    path: '/v1/admin/subscriptions/{userId}',
    summary: "Force a renewal or an expiry now, or set the test payment provider's outcome for the user",
    tags,
    auth: true,
    requiredRole: 'admin',
    params: UserIdParams,
    body: PatchSubscriptionBody,
    responses: { 200: { description: 'The subscription', schema: AdminSubscriptionSchema } },
    errors: ['subscription_not_found', 'no_running_subscription', 'subscription_busy'],
    handler: patchSubscription,
  }),
];
