import { defineErrorCodes } from './kinds';

/** The notifications service's codes (its factories are in services/notifications/errors.ts). */
export const NOTIFICATIONS_ERROR_CODES = defineErrorCodes({
  // Also what another user's notification answers: never 403.
  notification_not_found: { kind: 'not_found', title: 'Notification not found', retry: false },
});
