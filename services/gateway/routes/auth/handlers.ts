import type { HandlerContext } from '../../route';
import { presentSession } from '../../presenters/user';
import type { LogInBody, RefreshTokenBody, SignUpBody } from './schema';

export async function signUp({ body, koa, services }: HandlerContext<SignUpBody, undefined, undefined>) {
  const { session } = await services.auth.signUp({
    email: body.email,
    password: body.password,
    displayName: body.displayName ?? '',
  });
  koa.status = 201;
  koa.body = presentSession(session);
}

export async function logIn({ body, koa, services }: HandlerContext<LogInBody, undefined, undefined>) {
  const { session } = await services.auth.logIn(body);
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
