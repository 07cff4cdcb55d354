import { presentProfile } from '../../presenters/user';
import type { HandlerContext } from '../../route';
import type { GatewayServices } from '../../services';
import type { UpdateMeBody } from './schema';

async function planAndUsage(services: GatewayServices, userId: string) {
  const [{ plan }, { usage }] = await Promise.all([
    services.billing.getUserPlan({ userId }),
    services.files.getUsage({ userId }),
  ]);
  return { plan, usage };
}

export async function getMe({ koa, user, services }: HandlerContext<undefined, undefined, undefined>) {
  const [{ user: found }, { plan, usage }] = await Promise.all([
    services.auth.getUser({ userId: user.userId }),
    planAndUsage(services, user.userId),
  ]);
  koa.body = presentProfile(found, plan, usage);
}

export async function updateMe({
  koa,
  user,
  body,
  services,
}: HandlerContext<UpdateMeBody, undefined, undefined>) {
  const [{ user: updated }, { plan, usage }] = await Promise.all([
    services.auth.updateUser({ userId: user.userId, displayName: body.displayName }),
    planAndUsage(services, user.userId),
  ]);
  koa.body = presentProfile(updated, plan, usage);
}
