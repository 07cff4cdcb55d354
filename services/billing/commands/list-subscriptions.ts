import type { BillingDeps } from '../deps';
import { BILLING_ERRORS } from '../errors';
import { billingStore } from '../store';
import type { ConfigSection } from '../../internal/config';
import { isUserId } from '../../internal/user-id';
import { subscriptionStore, type LoadedSubscription } from '../subscription-store';
import { subscriptionView, type SubscriptionView } from './get-subscription';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = ['active', 'past_due', 'canceled', 'expired'];

/** Admin: subscriptions by user id, filtered by status and plan (id or slug), a page at a time. */
export async function listSubscriptions(props: {
  deps: BillingDeps & { settings: ConfigSection<'subscriptions'> };
  status?: string;
  plan?: string;
  limit: number;
  cursor?: string;
}): Promise<{ subscriptions: SubscriptionView[]; nextCursor?: string }> {
  const { deps } = props;
  if (props.status && !STATUSES.includes(props.status))
    throw BILLING_ERRORS.invalidRequest([
      { field: 'status', message: `must be one of ${STATUSES.join(', ')}` },
    ]);
  if (props.cursor && !isUserId(props.cursor))
    throw BILLING_ERRORS.invalidRequest([{ field: 'cursor', message: 'is not a cursor of this list' }]);
  let planId: string | undefined;
  if (props.plan) {
    const plan = UUID.test(props.plan)
      ? await subscriptionStore.findPlanById(deps.db, props.plan)
      : await billingStore.findPlanBySlug(deps.db, props.plan);
    if (!plan) throw BILLING_ERRORS.planNotFound();
    planId = plan.id;
  }
  const limit = Math.min(Math.max(props.limit || 50, 1), 100);
  const rows = await subscriptionStore.list(deps.db, {
    status: props.status,
    planId,
    after: props.cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const now = new Date();
  const views: SubscriptionView[] = [];
  for (const row of page) {
    const loaded = (await subscriptionStore.load(deps.db, row.user_id)) as LoadedSubscription;
    views.push(subscriptionView(loaded, deps.settings, now));
  }
  return { subscriptions: views, nextCursor: rows.length > limit ? page.at(-1)!.user_id : undefined };
}
