import { defineRoute } from '../../route';
import {
  getChannelNotificationLevel,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  setChannelNotificationLevel,
} from './handlers';
import {
  ChannelLevelBody,
  ChannelLevelSchema,
  ChannelParams,
  NotificationListSchema,
  NotificationParams,
  NotificationsQuery,
} from './schema';

const tags = ['Notifications'];
const channelNotFound = {
  404: { description: '`channel_not_found`: no such channel, or the caller is not a member' },
};

export const notificationRoutes = [
  defineRoute({
    operationId: 'listNotifications',
    method: 'get',
    path: '/v1/notifications',
    summary: "The caller's in-app notifications, newest first; `unread=true` for the unread ones only",
    tags,
    auth: true,
    query: NotificationsQuery,
    responses: { 200: { description: 'A page of notifications', schema: NotificationListSchema } },
    errors: ['invalid_cursor'],
    handler: listNotifications,
  }),
  defineRoute({
    operationId: 'markAllNotificationsRead',
    method: 'post',
    path: '/v1/notifications/read-all',
    summary: "Mark every one of the caller's notifications read",
    tags,
    auth: true,
    responses: { 204: { description: 'All read' } },
    handler: markAllNotificationsRead,
  }),
  defineRoute({
    operationId: 'markNotificationRead',
    method: 'post',
    path: '/v1/notifications/{id}/read',
    summary: 'Mark one notification read; again answers the same',
    tags,
    auth: true,
    params: NotificationParams,
    responses: {
      204: { description: 'Read' },
      404: { description: "`notification_not_found`: no such notification of the caller's" },
    },
    errors: ['notification_not_found'],
    handler: markNotificationRead,
  }),
  defineRoute({
    operationId: 'setChannelNotificationLevel',
    method: 'put',
    path: '/v1/channels/{id}/notification-level',
    summary:
      'Set how much of a channel notifies the caller: all, mentions (the default) or none (members only)',
    tags,
    auth: true,
    params: ChannelParams,
    body: ChannelLevelBody,
    responses: { 204: { description: 'Set' }, ...channelNotFound },
    errors: ['channel_not_found'],
    handler: setChannelNotificationLevel,
  }),
  defineRoute({
    operationId: 'getChannelNotificationLevel',
    method: 'get',
    path: '/v1/channels/{id}/notification-level',
    summary: "The caller's notification level for a channel (members only)",
    tags,
    auth: true,
    params: ChannelParams,
    responses: { 200: { description: 'The level', schema: ChannelLevelSchema }, ...channelNotFound },
    errors: ['channel_not_found'],
    handler: getChannelNotificationLevel,
  }),
];
