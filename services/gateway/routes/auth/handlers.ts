import { OtpPurpose } from '../../../../proto/gen/auth/v1/auth_pb.js';
import { AppError } from '../../../internal/errors';
import { loginLockout } from '../../login-lockout';
import type { HandlerContext } from '../../route';
import { presentSession } from '../../presenters/user';
import type { LogInBody, OtpRequestBody, OtpVerifyBody, RefreshTokenBody, SignUpBody } from './schema';

export async function signUp({ body, koa, services }: HandlerContext<SignUpBody, undefined, undefined>) {
  const { session } = await services.auth.signUp({
    email: body.email,
    password: body.password,
    displayName: body.displayName ?? '',
  });
  koa.status = 201;
  koa.body = presentSession(session);
}

/**
 * Checks the account's lock first (login-lockout.ts): a locked account, known
 * or not, answers 429 with Retry-After before its password is looked at.
 */
export async function logIn({ body, koa, services }: HandlerContext<LogInBody, undefined, undefined>) {
  const lockout = loginLockout(services.redis, services.rateLimits.loginLockout, services.logger);
  const waitSeconds = await lockout.reserveAttempt(body.email);
  if (waitSeconds > 0) {
    koa.set('Retry-After', String(waitSeconds));
    throw new AppError(
      'rate_limited',
      `too many login attempts for this account; try again in ${waitSeconds} s`,
    );
  }
  const { session } = await services.auth.logIn(body);
  await lockout.forgetAttempts(body.email);
  koa.body = presentSession(session);
}

export async function refresh({
  body,
  koa,
  services,
}: HandlerContext<RefreshTokenBody, undefined, undefined>) {
  const { session } = await services.auth.refreshSession({ refreshToken: body.refreshToken });
  koa.body = presentSession(session);
}

export async function logOut({
  body,
  koa,
  services,
}: HandlerContext<RefreshTokenBody, undefined, undefined>) {
  await services.auth.logOut({ refreshToken: body.refreshToken });
  koa.status = 204;
}

const OTP_PURPOSES = {
  'verify-email': OtpPurpose.VERIFY_EMAIL,
  login: OtpPurpose.LOGIN,
  'reset-password': OtpPurpose.RESET_PASSWORD,
} as const;

export async function requestOtp({
  body,
  koa,
  services,
}: HandlerContext<OtpRequestBody, undefined, undefined>) {
  await services.auth.requestOtp({ email: body.email, purpose: OTP_PURPOSES[body.purpose] });
  koa.status = 202;
}

export async function verifyOtp({
  body,
  koa,
  services,
}: HandlerContext<OtpVerifyBody, undefined, undefined>) {
  const { session } = await services.auth.verifyOtp({
    email: body.email,
    purpose: OTP_PURPOSES[body.purpose],
    code: body.code,
    newPassword: body.newPassword ?? '',
  });
  if (body.purpose === 'login') {
    koa.body = presentSession(session);
    return;
  }
  koa.status = 204;
}
