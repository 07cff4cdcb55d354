import { AppError } from '../internal/errors';

// Every error the billing service can answer with, by name.
export const BILLING_ERRORS = {
  invalidUserId: () => new AppError('invalid_argument', 'the user id must be a UUID'),
  // The migration seeds a default plan; without one new users would have no plan at all.
  noDefaultPlan: () => new AppError('internal', 'no default plan is configured'),
};
