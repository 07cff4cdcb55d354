import type { AUTH_ERROR_CODES } from '../internal/error-codes/auth';
import { errorFactory, type CommonErrorCode } from '../internal/errors';

// Every error the auth service can answer with, by name; the codes and their
// kinds are in services/internal/error-codes/auth.ts.
const authError = errorFactory<keyof typeof AUTH_ERROR_CODES | CommonErrorCode>();

export const AUTH_ERRORS = {
  // The REST contract (docs/api.md) names `conflict` for exactly this case.
  emailTaken: () => authError('conflict', 'an account with this email already exists'),
  invalidCredentials: () => authError('invalid_credentials', 'invalid email or password'),
  accountDisabled: () => authError('account_disabled', 'this account is disabled'),
  invalidRefreshToken: () => authError('invalid_refresh_token', 'the refresh token is invalid or expired'),
  refreshTokenReused: () =>
    authError(
      'refresh_token_reused',
      'the refresh token was already used; every session of this login was revoked',
    ),
  userNotFound: () => authError('user_not_found', 'user not found'),
};
