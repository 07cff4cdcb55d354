import type { HandlerContext } from '../../route';
import {
  presentAdminUser,
  type ListUsersQuery,
  type UpdateUserAccessBody,
  type UserIdParams,
} from './schema';

export async function listUsers({
  koa,
  query,
  services,
}: HandlerContext<undefined, ListUsersQuery, undefined>) {
  const page = await services.auth.listUsers({
    emailContains: query.email ?? '',
    role: query.role ?? '',
    status: query.status ?? '',
    limit: query.limit,
    cursor: query.cursor ?? '',
  });
  koa.body = { items: page.users.map(presentAdminUser), nextCursor: page.nextCursor || null };
}

export async function getUser({ koa, params, services }: HandlerContext<undefined, undefined, UserIdParams>) {
  koa.body = presentAdminUser((await services.auth.getUser({ userId: params.id })).user);
}

export async function updateUserAccess({
  koa,
  params,
  body,
  user,
  services,
}: HandlerContext<UpdateUserAccessBody, undefined, UserIdParams>) {
  const { user: updated } = await services.auth.setUserAccess({
    actorUserId: user.userId,
    userId: params.id,
    role: body.role,
    disabled: body.disabled,
  });
  koa.body = presentAdminUser(updated);
}
