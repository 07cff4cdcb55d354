import {
  WorkflowUpdateFailedError,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../testing/time-skipping-env';
import {
  cancelUpdate,
  changePlanUpdate,
  forceExpiryUpdate,
  forceRenewalUpdate,
  subscriptionMemo,
  type SubscriptionActivities,
  type SubscriptionState,
  type SubscriptionTimings,
} from './contract';
import { subscriptionWorkflow } from './workflows';

const DAY_MS = 86_400_000;
const PERIOD_MS = 30 * DAY_MS;
const TIMINGS: SubscriptionTimings = {
  reminderSeconds: 3 * 86_400,
  graceSeconds: 7 * 86_400,
  retrySeconds: 86_400,
};
const PRICES: Record<string, number> = { free: 0, plus: 499, pro: 1499 };

// A year of monthly periods on Temporal's time-skipping server, with
// activities that keep billing's state in memory the way billing's tables
// would: what the workflow decides, and when, is what is checked here; the
// activities themselves are tested against Postgres in services/billing.
describe('subscriptionWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let state: SubscriptionState;
  let failCharges: boolean;
  let log: Array<{ what: string; at: number; detail?: unknown }>;

  const now = async () => Number(await env.currentTimeMs());
  const record = async (what: string, detail?: unknown) => log.push({ what, at: await now(), detail });
  const iso = (ms: number) => new Date(ms).toISOString();
  const entries = (what: string) => log.filter((entry) => entry.what === what);
  /** Skipped time, in days after `from`, to the minute: activities start a few ms after their timer. */
  const daysAfter = (from: number) => (entry: { at: number }) =>
    Math.round((entry.at - from) / 60_000) / 1440;

  const activities: SubscriptionActivities = {
    loadSubscription: async () => ({ ...state }),
    sendRenewalReminder: async ({ periodEnd }) => {
      await record('reminder', periodEnd);
    },
    renewSubscription: async ({ periodEnd, newPeriodStart, attempt }) => {
      await record(failCharges ? 'charge-failed' : 'renewed', { periodEnd, attempt });
      if (state.currentPeriodEnd !== periodEnd) return { outcome: 'renewed', state: { ...state } };
      if (failCharges) {
        state = { ...state, status: 'past_due' };
        return { outcome: 'payment_failed', state: { ...state }, error: 'card declined' };
      }
      const start = Date.parse(newPeriodStart);
      state = {
        ...state,
        status: 'active',
        currentPeriodStart: iso(start),
        currentPeriodEnd: iso(start + PERIOD_MS),
      };
      return { outcome: 'renewed', state: { ...state } };
    },
    expireSubscription: async () => {
      await record('expired');
      state = { ...state, status: 'expired' };
      return { ...state };
    },
    downgradeSubscription: async () => {
      await record('downgraded');
      const start = await now();
      state = {
        ...state,
        planId: 'free',
        planSlug: 'free',
        priceCents: 0,
        status: 'active',
        currentPeriodStart: iso(start),
        currentPeriodEnd: iso(start + PERIOD_MS),
      };
      return { ...state };
    },
    changeSubscriptionPlan: async ({ planId }) => {
      if (planId === 'retired') throw ApplicationFailure.nonRetryable('no longer sold', 'plan_retired');
      await record('changed', planId);
      state = {
        ...state,
        planId,
        planSlug: planId,
        priceCents: PRICES[planId]!,
        cancelAtPeriodEnd: false,
        status: 'active',
      };
      return { ...state };
    },
    cancelSubscriptionAtPeriodEnd: async () => {
      await record('canceled');
      state = { ...state, status: 'canceled', cancelAtPeriodEnd: true };
      return { ...state };
    },
  };

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  beforeEach(async () => {
    failCharges = false;
    log = [];
    const start = await now();
    state = {
      userId: 'u-1',
      planId: 'plus',
      planSlug: 'plus',
      priceCents: 499,
      status: 'active',
      currentPeriodStart: iso(start),
      currentPeriodEnd: iso(start + PERIOD_MS),
      cancelAtPeriodEnd: false,
    };
  });

  async function withWorker<T>(
    body: (handle: WorkflowHandleWithFirstExecutionRunId<typeof subscriptionWorkflow>) => Promise<T>,
  ) {
    const taskQueue = `subscription-${Math.random()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./workflows'),
      activities,
    });
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(subscriptionWorkflow, {
        taskQueue,
        workflowId: `subscription:${Math.random()}`,
        args: [{ userId: state.userId, timings: TIMINGS }],
        memo: subscriptionMemo(state),
      });
      try {
        return await body(handle);
      } finally {
        // A failed expectation must not leave the run going on the next test's activities.
        await latest(handle)
          .terminate('test over')
          .catch(() => undefined);
      }
    });
  }

  /** The current run: signals and updates go to whichever run the workflow continued as. */
  const latest = (handle: WorkflowHandle) => env.client.workflow.getHandle(handle.workflowId);

  /** Every run of the workflow, first to last, following continue-as-new. */
  async function runsOf(handle: WorkflowHandleWithFirstExecutionRunId) {
    const runs: Array<{ runId: string; events: number }> = [];
    let runId: string | undefined = handle.firstExecutionRunId;
    while (runId) {
      const history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> = await env.client.workflow
        .getHandle(handle.workflowId, runId)
        .fetchHistory();
      const events = history.events ?? [];
      runs.push({ runId, events: events.length });
      runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    return runs;
  }

  it('renews every month for a year, reminds 3 days before each end, and keeps each run small', async () => {
    const started = Date.parse(state.currentPeriodStart);
    const runs = await withWorker(async (handle) => {
      await env.sleep(365 * DAY_MS);
      // Then the user cancels; the period ends and the subscription expires.
      const canceled = await latest(handle).executeUpdate(cancelUpdate);
      expect(canceled).toMatchObject({ status: 'canceled', cancelAtPeriodEnd: true });
      expect(await handle.result()).toMatchObject({ ended: 'expired', state: { status: 'expired' } });
      return runsOf(handle);
    });

    const months = Array.from({ length: 12 }, (_, month) => month + 1);
    // At each period end, each renewing the period that ended there.
    expect(entries('renewed').map(daysAfter(started))).toEqual(months.map((month) => month * 30));
    expect(entries('renewed').map((renewal) => renewal.detail)).toEqual(
      months.map((month) => ({ periodEnd: iso(started + month * PERIOD_MS), attempt: 0 })),
    );
    expect(entries('reminder').map(daysAfter(started))).toEqual(months.map((month) => month * 30 - 3));
    // No reminder for the canceled last period; it expired at its end.
    expect(entries('expired').map(daysAfter(started))).toEqual([13 * 30]);
    // Continue-as-new once per period: 13 runs, each a few dozen events at most.
    expect(runs).toHaveLength(13);
    for (const run of runs) expect(run.events).toBeLessThan(60);
  });

  it('retries a failed renewal with doubling waits while past due, then downgrades when the grace ends', async () => {
    failCharges = true;
    const started = Date.parse(state.currentPeriodStart);
    const result = await withWorker((handle) => handle.result());
    expect(result).toMatchObject({ ended: 'free', state: { planSlug: 'free', status: 'active' } });

    const end = started + PERIOD_MS;
    // At the end, then 1, 2 and 4 days later, then the grace end (7 days): never past it.
    expect(entries('charge-failed').map(daysAfter(end))).toEqual([0, 1, 3, 7]);
    expect(entries('downgraded').map(daysAfter(end))).toEqual([7]);
  });

  it('renews after a failed charge once payment succeeds within the grace period', async () => {
    failCharges = true;
    const started = Date.parse(state.currentPeriodStart);
    await withWorker(async (handle) => {
      await env.sleep(PERIOD_MS + 2 * DAY_MS);
      failCharges = false;
      await env.sleep(5 * DAY_MS);
      expect(state).toMatchObject({ status: 'active', currentPeriodEnd: iso(started + 2 * PERIOD_MS) });
      await latest(handle).executeUpdate(forceExpiryUpdate);
      return handle.result();
    });
    // The third attempt (3 days after the end) is paid; the new period still starts at the old end.
    expect(entries('renewed').map(daysAfter(started))).toEqual([33]);
    expect(entries('renewed').map((renewal) => renewal.detail)).toEqual([
      { periodEnd: iso(started + PERIOD_MS), attempt: 2 },
    ]);
  });

  it('applies an upgrade mid-period through an update and renews at the new price', async () => {
    const started = Date.parse(state.currentPeriodStart);
    await withWorker(async (handle) => {
      await env.sleep(10 * DAY_MS);
      const upgraded = await latest(handle).executeUpdate(changePlanUpdate, {
        args: [{ planId: 'pro', requestId: 'r-1' }],
      });
      expect(upgraded).toMatchObject({ planSlug: 'pro', priceCents: 1499 });
      // The period is unchanged by the upgrade; the renewal at its end is the new plan's.
      await env.sleep(PERIOD_MS);
      expect(state).toMatchObject({ planSlug: 'pro', currentPeriodEnd: iso(started + 2 * PERIOD_MS) });
      const description = await latest(handle).describe();
      expect(description.memo).toMatchObject({ plan: 'pro', status: 'active' });
      await latest(handle).executeUpdate(forceExpiryUpdate);
      return handle.result();
    });
    expect(entries('changed').map(daysAfter(started))).toEqual([10]);
    expect(entries('changed').map((change) => change.detail)).toEqual(['pro']);
    expect(entries('renewed').map(daysAfter(started))).toEqual([30]);
  });

  it('renews at once when an admin forces it, starting the new period then', async () => {
    const started = Date.parse(state.currentPeriodStart);
    await withWorker(async (handle) => {
      await env.sleep(5 * DAY_MS);
      const renewed = await latest(handle).executeUpdate(forceRenewalUpdate);
      const renewedAt = Date.parse(renewed.currentPeriodStart);
      expect(Math.round((renewedAt - started) / 60_000) / 1440).toBe(5);
      expect(renewed.currentPeriodEnd).toBe(iso(renewedAt + PERIOD_MS));
      const expired = await latest(handle).executeUpdate(forceExpiryUpdate);
      expect(expired.status).toBe('expired');
      return handle.result();
    });
    expect(entries('renewed').map((renewal) => renewal.detail)).toEqual([
      { periodEnd: iso(started + PERIOD_MS), attempt: 0 },
    ]);
  });

  it('fails a plan change the activity refuses with the refusal’s code, and runs on', async () => {
    await withWorker(async (handle) => {
      const refused = await latest(handle)
        .executeUpdate(changePlanUpdate, { args: [{ planId: 'retired', requestId: 'r-3' }] })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'plan_retired' });
      const canceled = await latest(handle).executeUpdate(cancelUpdate);
      expect(canceled.status).toBe('canceled');
      await latest(handle).executeUpdate(forceExpiryUpdate);
      return handle.result();
    });
    expect(entries('changed')).toEqual([]);
  });

  it('refuses an update without a plan in its validator, changing nothing', async () => {
    await withWorker(async (handle) => {
      const refused = await latest(handle)
        .executeUpdate(changePlanUpdate, { args: [{ planId: '', requestId: 'r-2' }] })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      await latest(handle).executeUpdate(forceExpiryUpdate);
      return handle.result();
    });
    expect(entries('changed')).toEqual([]);
  });

  it('ends at once for a free subscription: there is nothing to renew', async () => {
    state = { ...state, planId: 'free', planSlug: 'free', priceCents: 0 };
    expect(await withWorker((handle) => handle.result())).toMatchObject({ ended: 'free' });
    expect(log).toEqual([]);
  });
});
