import { errorFactory, type CommonErrorCode } from '../internal/errors';

// The admin service answers only with common codes.
const adminError = errorFactory<CommonErrorCode>();

export const ADMIN_ERRORS = {
  invalidCursor: () =>
    adminError('invalid_argument', 'the cursor is not one this list returned', [
      { field: 'query.cursor', message: 'is not a cursor this list returned' },
    ]),
  invalidActor: () =>
    adminError('invalid_argument', 'the actor must be a user id', [
      { field: 'query.actor', message: 'must be a user id' },
    ]),
};
