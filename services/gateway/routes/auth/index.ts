import { defineRoute } from '../../route';
import { SessionSchema } from '../../presenters/user';
import { logIn, logOut, refresh, signUp } from './handlers';
import { LogInBody, RefreshTokenBody, SignUpBody } from './schema';

const tags = ['Accounts'];

export const authRoutes = [
  defineRoute({
    operationId: 'signUp',
    method: 'post',
    path: '/v1/auth/signup',
    summary: 'Create an account and log in',
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
    rateLimit: 'auth',
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
    rateLimit: 'auth',
    body: RefreshTokenBody,
    responses: { 204: { description: 'Logged out (also for an unknown token)' } },
    handler: logOut,
  }),
];
