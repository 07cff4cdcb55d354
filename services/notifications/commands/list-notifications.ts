import { decodeCursor, encodeCursor } from '../cursor';
import type { NotificationsDeps } from '../deps';
import { NOTIFICATIONS_ERRORS } from '../errors';
import { notificationsStore, type NotificationRow } from '../store';
import { isUserId } from '../../internal/user-id';

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 50;

/** The user's notifications, newest first, one page at a time (keyset: no page skips or repeats one). */
export async function listNotifications(props: {
  deps: Pick<NotificationsDeps, 'db'>;
  userId: string;
  unreadOnly: boolean;
  limit: number;
  cursor?: string;
}): Promise<{ notifications: NotificationRow[]; nextCursor?: string }> {
  if (!isUserId(props.userId)) throw NOTIFICATIONS_ERRORS.invalidUserId();
  const limit = Math.min(Math.max(props.limit || DEFAULT_LIMIT, 1), MAX_LIMIT);
  // One more than asked tells whether another page exists.
  const rows = await notificationsStore.list(props.deps.db, {
    userId: props.userId,
    unreadOnly: props.unreadOnly,
    before: props.cursor ? decodeCursor(props.cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    notifications: page,
    nextCursor:
      rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : undefined,
  };
}
