import { jsonSafeNumber } from '../../presenters/plan';
import type { HandlerContext } from '../../route';

const UPLOAD_DAYS = 30;

/**
 * Each service counts what it owns (auth the users, billing the subscriptions,
 * files the bytes, chat the messages); the gateway composes.
 */
export async function getStats({ koa, services }: HandlerContext<undefined, undefined, undefined>) {
  const [users, subscriptions, storage, chat] = await Promise.all([
    services.auth.getUserStats({}),
    services.billing.getSubscriptionStats({}),
    services.files.getStorageStats({ days: UPLOAD_DAYS }),
    services.chat.getMessageStats({ days: UPLOAD_DAYS }),
  ]);
  const total = jsonSafeNumber(users.total, 'users.total');
  const admins = jsonSafeNumber(users.admins, 'users.admins');
  koa.body = {
    users: {
      total,
      byRole: { user: total - admins, admin: admins },
      disabled: jsonSafeNumber(users.disabled, 'users.disabled'),
    },
    subscriptions: {
      activeByPlan: subscriptions.activeByPlan.map((row) => ({
        plan: row.planSlug,
        active: jsonSafeNumber(row.active, 'active'),
      })),
    },
    storage: { bytesStored: jsonSafeNumber(storage.bytesStored, 'bytesStored') },
    uploadsPerDay: storage.uploadsPerDay.map((row) => ({
      day: row.day,
      count: jsonSafeNumber(row.count, 'count'),
    })),
    messagesPerDay: chat.messagesPerDay.map((row) => ({
      day: row.day,
      count: jsonSafeNumber(row.count, 'count'),
    })),
  };
}
