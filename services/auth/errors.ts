import { AppError } from '../internal/errors';

// Every error the auth service can answer with, by name.
export const AUTH_ERRORS = {
  emailTaken: () => new AppError('conflict', 'an account with this email already exists'),
  invalidCredentials: () => new AppError('unauthenticated', 'invalid email or password'),
  accountDisabled: () => new AppError('unauthenticated', 'this account is disabled'),
  invalidRefreshToken: () => new AppError('unauthenticated', 'the refresh token is invalid or expired'),
  refreshTokenReused: () =>
    new AppError(
      'unauthenticated',
      'the refresh token was already used; every session of this login was revoked',
    ),
  userNotFound: () => new AppError('not_found', 'user not found'),
};
