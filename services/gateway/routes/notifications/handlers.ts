import type { HandlerContext } from '../../route';
import {
  presentNotification,
  type ChannelLevelBody,
  type ChannelParams,
  type NotificationParams,
  type NotificationsQuery,
} from './schema';

export async function listNotifications({
  koa,
  user,
  query,
  services,
}: HandlerContext<undefined, NotificationsQuery, undefined>) {
  const page = await services.notifications.listNotifications({
    userId: user.userId,
    unreadOnly: query.unread ?? false,
    limit: query.limit,
    cursor: query.cursor ?? '',
  });
  koa.body = { items: page.notifications.map(presentNotification), nextCursor: page.nextCursor || null };
}

export async function markNotificationRead({
  koa,
  user,
  params,
  services,
}: HandlerContext<undefined, undefined, NotificationParams>) {
  await services.notifications.markRead({ userId: user.userId, notificationId: params.id });
  koa.status = 204;
}

export async function markAllNotificationsRead({
  koa,
  user,
  services,
}: HandlerContext<undefined, undefined, undefined>) {
  await services.notifications.markAllRead({ userId: user.userId });
  koa.status = 204;
}

export async function setChannelNotificationLevel({
  koa,
  user,
  params,
  body,
  services,
}: HandlerContext<ChannelLevelBody, undefined, ChannelParams>) {
  await services.notifications.setChannelLevel({
    userId: user.userId,
    channelId: params.id,
    level: body.level,
  });
  koa.status = 204;
}

export async function getChannelNotificationLevel({
  koa,
  user,
  params,
  services,
}: HandlerContext<undefined, undefined, ChannelParams>) {
  const { level } = await services.notifications.getChannelLevel({
    userId: user.userId,
    channelId: params.id,
  });
  koa.body = { level };
}
