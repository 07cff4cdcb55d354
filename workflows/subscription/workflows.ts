import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertMemo,
} from '@temporalio/workflow';
import {
  cancelUpdate,
  changePlanUpdate,
  forceExpiryUpdate,
  forceRenewalUpdate,
  runsLifecycle,
  type ChangePlanRequest,
  subscriptionMemo,
  type SubscriptionActivities,
  type SubscriptionInput,
  type SubscriptionResult,
  type SubscriptionState,
} from './contract';

// Each activity is one provider call and one short transaction. A refusal
// (unknown plan, failed upgrade charge...) is a non-retryable failure named
// by its error code; anything else is retried.
// Each activity is one short transaction or one charge; a step lost with a
// killed worker is retried after this timeout, so it stays short.
const activities = proxyActivities<SubscriptionActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * `subscription:<userId>`: the lifecycle of a paid subscription, one run per
 * period (continue-as-new keeps each run's history small over years).
 *
 * A run reads the subscription, sends the renewal reminder
 * `reminderSeconds` before the period ends, and at the end, exactly, either
 * expires it (canceled at period end) or renews it (charge). A failed charge
 * makes it past_due and is retried with doubling waits until the grace
 * period is over, then the user is downgraded to the default plan. Plan
 * changes and cancellation arrive as updates and run one at a time with the
 * lifecycle's own steps. The lifecycle ends when the subscription expires
 * or lands on a free plan (free plans have nothing to renew).
 */
export async function subscriptionWorkflow(input: SubscriptionInput): Promise<SubscriptionResult> {
  const { userId, timings } = input;
  let state: SubscriptionState | null = null;
  let changed = false;
  let renewNow = false;
  let expireNow = false;
  let ending = false;
  // Lifecycle steps taken (renewal attempts, expiry, downgrade), not plan changes.
  let settled = 0;

  // Updates and lifecycle steps never interleave: each waits for the one before.
  let busy = false;
  async function exclusive<T>(step: () => Promise<T>): Promise<T> {
    await condition(() => !busy);
    busy = true;
    try {
      return await step();
    } finally {
      busy = false;
    }
  }
  /** A lifecycle step's result: what a waiting force answers. */
  function acted(next: SubscriptionState): SubscriptionState {
    settled += 1;
    return track(next);
  }
  function track(next: SubscriptionState): SubscriptionState {
    state = next;
    changed = true;
    upsertMemo(subscriptionMemo(next));
    return next;
  }
  const refuseWhenEnding = () => {
    if (ending) throw new Error('the subscription is ending; ask again once it has ended');
  };

  setHandler(
    changePlanUpdate,
    (request) =>
      exclusive(async () =>
        track(await asRefusal(() => activities.changeSubscriptionPlan({ userId, ...request }))),
      ),
    {
      // A payload from outside: checked before it enters the history.
      validator: (request: ChangePlanRequest | undefined) => {
        if (!request?.planId || !request.requestId) throw new Error('planId and requestId are required');
        refuseWhenEnding();
      },
    },
  );
  setHandler(
    cancelUpdate,
    () =>
      exclusive(async () =>
        track(await asRefusal(() => activities.cancelSubscriptionAtPeriodEnd({ userId }))),
      ),
    { validator: refuseWhenEnding },
  );
  // An admin's force answers once the lifecycle has acted on it (the next `settled`).
  const force = async (set: () => void) => {
    const seen = settled;
    set();
    await condition(() => settled > seen);
    return state!;
  };
  setHandler(
    forceRenewalUpdate,
    () =>
      force(() => {
        renewNow = true;
      }),
    { validator: refuseWhenEnding },
  );
  setHandler(
    forceExpiryUpdate,
    () =>
      force(() => {
        expireNow = true;
      }),
    { validator: refuseWhenEnding },
  );

  async function finish(ended: SubscriptionResult['ended'], last: SubscriptionState | null) {
    ending = true;
    await condition(allHandlersFinished);
    return { ended, state: last };
  }
  const expire = async (periodEnd: string) => {
    ending = true;
    return finish(
      'expired',
      acted(await exclusive(() => activities.expireSubscription({ userId, periodEnd }))),
    );
  };

  const loaded = await exclusive(() => activities.loadSubscription({ userId }));
  if (!loaded || !runsLifecycle(loaded))
    return finish(loaded?.status === 'expired' ? 'expired' : 'free', loaded);
  let current = track(loaded);

  // The period: the reminder, then its end (or an admin's force).
  let reminded = false;
  for (;;) {
    changed = false;
    current = state ?? current;
    const end = Date.parse(current.currentPeriodEnd);
    const remindAt = end - timings.reminderSeconds * 1000;
    // A run that starts after the end (a worker that was down) renews without a late reminder.
    const wantsReminder =
      !reminded && current.status === 'active' && !current.cancelAtPeriodEnd && Date.now() < end;
    const wakeAt = wantsReminder ? Math.max(remindAt, Date.now()) : end;
    const woken = await condition(() => changed || renewNow || expireNow, Math.max(wakeAt - Date.now(), 1));
    if (renewNow || expireNow) break;
    if (woken) continue; // an update changed the subscription: look again
    if (!wantsReminder) break;
    await exclusive(() => activities.sendRenewalReminder({ userId, periodEnd: current.currentPeriodEnd }));
    reminded = true;
  }

  current = state ?? current;
  const periodEnd = current.currentPeriodEnd;
  if (expireNow || current.cancelAtPeriodEnd) return expire(periodEnd);

  // Renew: a forced renewal starts the new period now, a due one at the old end.
  const newPeriodStart = renewNow ? new Date(Date.now()).toISOString() : periodEnd;
  renewNow = false;
  const graceEnd = Math.max(Date.parse(periodEnd), Date.now()) + timings.graceSeconds * 1000;
  for (let attempt = 0; ; attempt += 1) {
    const result = await exclusive(() =>
      activities.renewSubscription({ userId, periodEnd, newPeriodStart, attempt }),
    );
    current = acted(result.state);
    if (result.outcome === 'renewed') break;
    if (Date.now() >= graceEnd) {
      ending = true;
      const downgraded = await exclusive(() => activities.downgradeSubscription({ userId, periodEnd }));
      return finish('free', acted(downgraded));
    }
    // Past due: wait (doubling, never past the grace end), unless told to retry or stop now.
    const retryAt = Math.min(Date.now() + timings.retrySeconds * 1000 * 2 ** attempt, graceEnd);
    changed = false;
    await condition(
      () => renewNow || expireNow || (changed && (state?.cancelAtPeriodEnd ?? false)),
      Math.max(retryAt - Date.now(), 1),
    );
    renewNow = false;
    current = state ?? current;
    if (expireNow || current.cancelAtPeriodEnd) return expire(periodEnd);
  }

  if (!runsLifecycle(current)) return finish('free', current); // renewed onto a free plan chosen earlier
  await condition(allHandlersFinished);
  // One run per period; the history a run leaves is a few dozen events.
  return continueAsNew<typeof subscriptionWorkflow>(input);
}

/**
 * An activity's refusal (a non-retryable failure named by a billing error
 * code) becomes the update's own failure with that code, so the caller gets
 * the reason and the run goes on unchanged.
 */
async function asRefusal<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure)
      throw ApplicationFailure.create({
        type: error.cause.type ?? undefined,
        message: error.cause.message,
        nonRetryable: true,
      });
    throw error;
  }
}
