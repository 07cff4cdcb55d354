import { defineErrorCodes } from './kinds';

/** The billing service's codes (its factories are in services/billing/errors.ts). */
export const BILLING_ERROR_CODES = defineErrorCodes({
  no_default_plan: { kind: 'internal', title: 'No default plan configured', retry: false },
  plan_not_found: { kind: 'not_found', title: 'Plan not found', retry: false },
  plan_retired: { kind: 'failed_precondition', title: 'Plan no longer sold', retry: false },
  same_plan: { kind: 'failed_precondition', title: 'Already on this plan', retry: false },
  subscription_not_found: { kind: 'not_found', title: 'Subscription not found', retry: false },
  subscription_not_cancelable: {
    kind: 'failed_precondition',
    title: 'Nothing to cancel',
    retry: false,
  },
  subscription_past_due: { kind: 'failed_precondition', title: 'Subscription past due', retry: false },
  subscription_busy: { kind: 'failed_precondition', title: 'Subscription changing', retry: true },
  payment_failed: { kind: 'failed_precondition', title: 'Payment failed', retry: false },
  no_running_subscription: {
    kind: 'failed_precondition',
    title: 'No paid subscription running',
    retry: false,
  },
});
