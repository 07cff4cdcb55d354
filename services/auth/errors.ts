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
  otpInvalid: () => authError('otp_invalid', 'the code is wrong, expired or used up; ask for a new one'),
  otpRequestsPerEmail: (windowSeconds: number) =>
    authError('rate_limited', `too many codes asked for this email; try again within ${windowSeconds} s`),
  // The gateway's schema refuses these first; this guards the gRPC API itself.
  weakPassword: (field: string, weakness: string) =>
    authError('invalid_argument', `the password ${weakness}`, [{ field, message: weakness }]),
  otpPurposeMissing: () =>
    authError('invalid_argument', 'the purpose must be verify-email, login or reset-password', [
      { field: 'body.purpose', message: 'must be verify-email, login or reset-password' },
    ]),
  otpNewPasswordMissing: () =>
    authError('invalid_argument', 'a password reset needs the new password', [
      { field: 'body.newPassword', message: 'is required for reset-password' },
    ]),
  lastAdmin: () =>
    authError('last_admin', 'this change would leave no active admin; make another user admin first'),
  invalidRole: () =>
    authError('invalid_argument', 'the role must be user or admin', [
      { field: 'body.role', message: 'must be user or admin' },
    ]),
  invalidCursor: () =>
    authError('invalid_argument', 'the cursor is not one this list returned', [
      { field: 'query.cursor', message: 'is not a cursor this list returned' },
    ]),
};
