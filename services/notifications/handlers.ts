import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import type { NotificationsService } from '../../proto/gen/notifications/v1/notifications_pb.js';
import { getChannelLevel, getChannelLevels, setChannelLevel } from './commands/channel-levels';
import { listNotifications } from './commands/list-notifications';
import { markAllRead, markRead } from './commands/mark-read';
import type { NotificationsDeps } from './deps';
import type { NotificationRow } from './store';

// gRPC <-> commands, nothing else.
export function createNotificationsHandlers(
  deps: NotificationsDeps,
): ServiceImpl<typeof NotificationsService> {
  return {
    async listNotifications(request) {
      const page = await listNotifications({
        deps,
        userId: request.userId,
        unreadOnly: request.unreadOnly,
        limit: request.limit,
        cursor: request.cursor || undefined,
      });
      return { notifications: page.notifications.map(toMessage), nextCursor: page.nextCursor ?? '' };
    },
    async markRead(request) {
      await markRead({ deps, userId: request.userId, notificationId: request.notificationId });
      return {};
    },
    async markAllRead(request) {
      return { marked: await markAllRead({ deps, userId: request.userId }) };
    },
    async setChannelLevel(request) {
      await setChannelLevel({
        deps,
        userId: request.userId,
        channelId: request.channelId,
        level: request.level,
      });
      return {};
    },
    async getChannelLevel(request) {
      return { level: await getChannelLevel({ deps, userId: request.userId, channelId: request.channelId }) };
    },
    async getChannelLevels(request) {
      return {
        levels: await getChannelLevels({ deps, userId: request.userId, channelIds: request.channelIds }),
      };
    },
  };
}

function toMessage(row: NotificationRow) {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    subjectId: row.subject_id,
    dataJson: row.data ? JSON.stringify(row.data) : '',
    createdAt: timestampFromDate(row.created_at),
    readAt: row.read_at ? timestampFromDate(row.read_at) : undefined,
  };
}
