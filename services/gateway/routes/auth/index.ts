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
      409: { description: 'The email is taken (code conflict)' },
    },
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
      401: { description: 'Wrong email or password (one answer for both)' },
    },
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
      401: { description: 'Invalid or expired token; replaying a spent token also revokes its whole family' },
    },
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
