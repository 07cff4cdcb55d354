import type { BILLING_ERROR_CODES } from '../internal/error-codes/billing';
import { errorFactory, type CommonErrorCode, type FieldProblem } from '../internal/errors';

// Every error the billing service can answer with, by name; the codes and
// their kinds are in services/internal/error-codes/billing.ts.
const billingError = errorFactory<keyof typeof BILLING_ERROR_CODES | CommonErrorCode>();

export const BILLING_ERRORS = {
  invalidUserId: () => billingError('invalid_argument', 'the user id must be a UUID'),
  // The migration seeds a default plan; without one new users would have no plan at all.
  noDefaultPlan: () => billingError('no_default_plan', 'no default plan is configured'),
  invalidPlan: (fields: FieldProblem[]) => billingError('invalid_argument', 'the plan is not valid', fields),
  invalidRequest: (fields: FieldProblem[]) =>
    billingError('invalid_argument', 'the request is not valid', fields),
  planNotFound: () => billingError('plan_not_found', 'no such plan'),
  planRetired: () => billingError('plan_retired', 'this plan is no longer sold; choose another'),
  samePlan: () => billingError('same_plan', 'the subscription is already on this plan'),
  subscriptionNotFound: () => billingError('subscription_not_found', 'this user has no subscription'),
  notCancelable: () =>
    billingError(
      'subscription_not_cancelable',
      'only a paid subscription that has not ended can be canceled',
    ),
  pastDue: () =>
    billingError('subscription_past_due', 'the last renewal is unpaid; the plan cannot change until it is'),
  busy: () =>
    billingError('subscription_busy', 'the subscription is changing right now; ask again in a moment'),
  paymentFailed: (reason: string) => billingError('payment_failed', `the payment failed: ${reason}`),
  noRunningSubscription: () =>
    billingError('no_running_subscription', 'this user has no paid subscription running'),
};
