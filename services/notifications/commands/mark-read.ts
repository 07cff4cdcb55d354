import { isUserId } from '../../internal/user-id';
import type { NotificationsDeps } from '../deps';
import { NOTIFICATIONS_ERRORS } from '../errors';
import { notificationsStore } from '../store';

/** Marks one of the user's notifications read; again changes nothing; another user's is not found. */
export async function markRead(props: {
  deps: Pick<NotificationsDeps, 'db'>;
  userId: string;
  notificationId: string;
}): Promise<void> {
  if (!isUserId(props.userId)) throw NOTIFICATIONS_ERRORS.invalidUserId();
  // Not a UUID cannot be one of the user's notifications.
  if (!isUserId(props.notificationId)) throw NOTIFICATIONS_ERRORS.notificationNotFound();
  const found = await notificationsStore.markRead(props.deps.db, props.userId, props.notificationId);
  if (!found) throw NOTIFICATIONS_ERRORS.notificationNotFound();
}

/** Marks every unread notification of the user read; answers how many were unread. */
export async function markAllRead(props: {
  deps: Pick<NotificationsDeps, 'db'>;
  userId: string;
}): Promise<number> {
  if (!isUserId(props.userId)) throw NOTIFICATIONS_ERRORS.invalidUserId();
  return notificationsStore.markAllRead(props.deps.db, props.userId);
}
