import { defineRoute } from '../../route';
import { SessionSchema } from '../../presenters/user';
import { logIn, logOut, refresh, requestOtp, signUp, verifyOtp } from './handlers';
import { LogInBody, OtpRequestBody, OtpVerifyBody, RefreshTokenBody, SignUpBody } from './schema';

const tags = ['Accounts'];

export const authRoutes = [
  defineRoute({
    operationId: 'signUp',
    method: 'post',
    path: '/v1/auth/signup',
    summary: 'Create an account and log in; mails a verify-email code',
    tags,
    auth: false,
    rateLimit: 'auth',
    body: SignUpBody,
    responses: {
      201: { description: 'Account created', schema: SessionSchema },
      409: { description: '`conflict`: the email is taken (whatever its capitalisation)' },
    },
    errors: ['conflict'],
    handler: signUp,
  }),
  defineRoute({
    operationId: 'logIn',
    method: 'post',
    path: '/v1/auth/login',
    summary: 'Log in with email and password',
    tags,
    auth: false,
    rateLimit: 'auth',
    body: LogInBody,
    responses: {
      200: { description: 'Logged in', schema: SessionSchema },
      401: { description: '`invalid_credentials`: wrong email or password (one answer for both)' },
      403: { description: '`account_disabled`: the password is right but the account is disabled' },
      429: {
        description:
          '`rate_limited` with `Retry-After`: too many attempts from this client address, or for this ' +
          'account (the same answer for an email no account has; docs/login-protection.md)',
      },
    },
    errors: ['invalid_credentials', 'account_disabled'],
    handler: logIn,
  }),
  defineRoute({
    operationId: 'refreshSession',
    method: 'post',
    path: '/v1/auth/refresh',
    summary: 'Trade a refresh token for a new token pair',
    tags,
    auth: false,
    rateLimit: 'session',
    body: RefreshTokenBody,
    responses: {
      200: { description: 'New pair; the presented refresh token is spent', schema: SessionSchema },
      401: {
        description:
          '`invalid_refresh_token`: invalid or expired; `refresh_token_reused`: a spent token was replayed, ' +
          'and its whole family is now revoked',
      },
    },
    errors: ['invalid_refresh_token', 'refresh_token_reused'],
    handler: refresh,
  }),
  defineRoute({
    operationId: 'logOut',
    method: 'post',
    path: '/v1/auth/logout',
    summary: 'Revoke the session the refresh token belongs to',
    tags,
    auth: false,
    rateLimit: 'session',
    body: RefreshTokenBody,
    responses: { 204: { description: 'Logged out (also for an unknown token)' } },
    handler: logOut,
  }),
  defineRoute({
    operationId: 'requestOtp',
    method: 'post',
    path: '/v1/auth/otp',
    summary: 'Mail a one-time code (verify-email, login or reset-password)',
    tags,
    auth: false,
    rateLimit: 'otp',
    body: OtpRequestBody,
    responses: {
      202: {
        description:
          'Accepted, whether or not an account has this email (only an account gets mail). ' +
          'A new code replaces the live one for the same email and purpose',
      },
      429: { description: '`rate_limited`: too many codes for this client address or this email' },
    },
    handler: requestOtp,
  }),
  defineRoute({
    operationId: 'verifyOtp',
    method: 'post',
    path: '/v1/auth/otp/verify',
    summary: 'Use a one-time code',
    tags,
    auth: false,
    rateLimit: 'otp',
    body: OtpVerifyBody,
    responses: {
      200: { description: 'login: logged in, as with a password', schema: SessionSchema },
      204: {
        description: 'verify-email: the email is verified; reset-password: password set, every session ended',
      },
      400: { description: '`otp_invalid`: wrong, expired or used-up code (5 attempts per code), or no code' },
      403: { description: '`account_disabled`: login with a right code on a disabled account' },
    },
    errors: ['otp_invalid', 'account_disabled'],
    handler: verifyOtp,
  }),
];
