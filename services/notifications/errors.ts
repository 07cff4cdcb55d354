import type { CHAT_ERROR_CODES } from '../internal/error-codes/chat';
import type { NOTIFICATIONS_ERROR_CODES } from '../internal/error-codes/notifications';
import { errorFactory, type CommonErrorCode } from '../internal/errors';

// Every error the notifications service answers with; the codes are in
// services/internal/error-codes/notifications.ts. A channel the caller is not
// a member of answers chat's own code, so both services tell a non-member the same.
const notificationsError = errorFactory<
  keyof typeof NOTIFICATIONS_ERROR_CODES | 'channel_not_found' | CommonErrorCode
>();

type ChatCode = keyof typeof CHAT_ERROR_CODES;
const channelNotFound: ChatCode = 'channel_not_found';

export const NOTIFICATIONS_ERRORS = {
  invalidUserId: () => notificationsError('invalid_argument', 'the user id must be a UUID'),
  notificationNotFound: () => notificationsError('notification_not_found', 'no such notification'),
  channelNotFound: () => notificationsError(channelNotFound, 'no such channel'),
  invalidCursor: () =>
    notificationsError('invalid_argument', 'the cursor is not one this list returned', [
      { field: 'query.cursor', message: 'is not a cursor this list returned' },
    ]),
  invalidLevel: () =>
    notificationsError('invalid_argument', 'the level must be all, mentions or none', [
      { field: 'body.level', message: 'must be all, mentions or none' },
    ]),
  invalidId: (field: string) =>
    notificationsError('invalid_argument', `${field} must be a UUID`, [{ field, message: 'must be a UUID' }]),
};
