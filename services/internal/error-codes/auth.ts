import { defineErrorCodes } from './kinds';

/** The auth service's codes (its factories are in services/auth/errors.ts). */
export const AUTH_ERROR_CODES = defineErrorCodes({
  invalid_credentials: { kind: 'unauthenticated', title: 'Wrong email or password', retry: false },
  account_disabled: { kind: 'permission_denied', title: 'Account disabled', retry: false },
  invalid_refresh_token: { kind: 'unauthenticated', title: 'Invalid refresh token', retry: false },
  refresh_token_reused: { kind: 'unauthenticated', title: 'Refresh token reused', retry: false },
  user_not_found: { kind: 'not_found', title: 'User not found', retry: false },
  // Wrong, expired, used up or never sent: one code, so the answer leaks none of these (docs/otp.md).
  otp_invalid: { kind: 'invalid_argument', title: 'Invalid or expired code', retry: false },
  last_admin: { kind: 'failed_precondition', title: 'No admin would be left', retry: false },
});
