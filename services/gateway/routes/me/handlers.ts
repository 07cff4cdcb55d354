import { presentProfile } from '../../presenters/user';
import type { HandlerContext } from '../../route';
import type { UpdateMeBody } from './schema';

export async function getMe({ koa, user, services }: HandlerContext<undefined, undefined, undefined>) {
  const { user: found } = await services.auth.getUser({ userId: user.userId });
  koa.body = presentProfile(found);
}

export async function updateMe({
  koa,
  user,
  body,
  services,
}: HandlerContext<UpdateMeBody, undefined, undefined>) {
  const { user: updated } = await services.auth.updateUser({
    userId: user.userId,
    displayName: body.displayName,
  });
  koa.body = presentProfile(updated);
}
