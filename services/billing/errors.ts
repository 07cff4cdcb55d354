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
};
