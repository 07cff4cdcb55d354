import { defineErrorCodes } from './kinds';

/** The billing service's codes (its factories are in services/billing/errors.ts). */
export const BILLING_ERROR_CODES = defineErrorCodes({
  no_default_plan: { kind: 'internal', title: 'No default plan configured', retry: false },
});
