import { isUserId } from '../internal/user-id';
import { NOTIFICATIONS_ERRORS } from './errors';

// The list's keyset position: the last item's creation time (milliseconds,
// as stored) and id. The gateway seals it; a malformed one is still refused
// here before it reaches SQL.
export interface NotificationCursor {
  createdAt: Date;
  id: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(position: NotificationCursor): string {
  return `${position.createdAt.toISOString()}_${position.id}`;
}

export function decodeCursor(cursor: string): NotificationCursor {
  const [createdAt, id, ...rest] = cursor.split('_');
  if (!createdAt || !id || rest.length > 0 || !ISO.test(createdAt) || !isUserId(id))
    throw NOTIFICATIONS_ERRORS.invalidCursor();
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime())) throw NOTIFICATIONS_ERRORS.invalidCursor();
  return { createdAt: date, id };
}
