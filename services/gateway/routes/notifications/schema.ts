import { timestampDate } from '@bufbuild/protobuf/wkt';
import { z } from 'zod';
import type { Notification } from '../../../../proto/gen/notifications/v1/notifications_pb.js';

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const NotificationSchema = z
  .object({
    id: z.uuid(),
    kind: z
      .string()
      .describe(
        'file.ready, share.created, share.role_changed, link.created, subscription.renewal_due, subscription.changed, mention or message',
      ),
    title: z.string().describe('Plain text'),
    body: z.string().describe('Plain text; never a secret such as a link token'),
    subjectId: z.string().describe('What it is about: a file, folder, channel or user id'),
    data: z
      .record(z.string(), z.string())
      .optional()
      .describe('Ids to open it with, e.g. {channelId, messageId} or {shareId, itemKind, role}'),
    createdAt: z.iso.datetime(),
    readAt: z.iso.datetime().nullable().describe('null while unread'),
  })
  .meta({ id: 'Notification' });

export const NotificationListSchema = z
  .object({
    items: z.array(NotificationSchema),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` for the next (older) page; null on the last page'),
  })
  .meta({ id: 'NotificationList' });

export const NotificationsQuery = z.object({
  unread: booleanQuery.optional().describe('true: only notifications not read yet'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(1024).optional(),
});
export type NotificationsQuery = z.infer<typeof NotificationsQuery>;

export const NotificationParams = z.object({ id: z.uuid() });
export type NotificationParams = z.infer<typeof NotificationParams>;

export const ChannelParams = z.object({ id: z.uuid() });
export type ChannelParams = z.infer<typeof ChannelParams>;

export const NotificationLevel = z
  .enum(['all', 'mentions', 'none'])
  .describe('all: every message; mentions (the default): messages that mention you; none: nothing');

export const ChannelLevelBody = z.strictObject({ level: NotificationLevel });
export type ChannelLevelBody = z.infer<typeof ChannelLevelBody>;

export const ChannelLevelSchema = z
  .object({ level: NotificationLevel })
  .meta({ id: 'ChannelNotificationLevel' });

export function presentNotification(notification: Notification): z.infer<typeof NotificationSchema> {
  const data = notification.dataJson
    ? (JSON.parse(notification.dataJson) as Record<string, string>)
    : undefined;
  return {
    id: notification.id,
    kind: notification.kind,
    title: notification.title,
    body: notification.body,
    subjectId: notification.subjectId,
    ...(data ? { data } : {}),
    createdAt: (notification.createdAt ? timestampDate(notification.createdAt) : new Date(0)).toISOString(),
    readAt: notification.readAt ? timestampDate(notification.readAt).toISOString() : null,
  };
}
