import type { NotificationsDeps } from '../deps';
import { notificationsStore } from '../store';

/**
 * account.deleted: the user's notifications and levels are deleted, and a
 * tombstone keeps an event still on its way (from another topic, so in no
 * order with this one) from storing a new one. Idempotent.
 */
export async function forgetUser(props: {
  deps: Pick<NotificationsDeps, 'db'>;
  userId: string;
}): Promise<number> {
  return props.deps.db.transaction(
    async (trx) => (await notificationsStore.forgetUser(trx, props.userId)).notifications,
  );
}
