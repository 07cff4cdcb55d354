import { defineUpdate } from '@temporalio/workflow';

// The subscription process's contract, shared by the billing service (which
// starts it, sends it plan changes and runs its activities) with the
// workflow code. Deterministic and free of I/O, since the workflow imports it.

/** The workflow type name the worker registers (the export name in workflows/index.ts). */
export const SUBSCRIPTION_WORKFLOW_TYPE = 'subscriptionWorkflow';

/** `subscription:<userId>`: one lifecycle per user, found by user id in the Temporal UI. */
export const subscriptionWorkflowId = (userId: string): string => `subscription:${userId}`;

export type SubscriptionStatus = 'active' | 'past_due' | 'canceled' | 'expired';

/** A user's subscription as billing's database holds it (times as ISO strings). */
export interface SubscriptionState {
  userId: string;
  planId: string;
  planSlug: string;
  priceCents: number;
  status: SubscriptionStatus;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
}

/** A paid, unexpired subscription has a lifecycle to run; a free or expired one has none. */
export const runsLifecycle = (state: SubscriptionState | null): boolean =>
  state !== null && state.priceCents > 0 && state.status !== 'expired';

/** Decided by billing's configuration and passed in, so the workflow stays deterministic. */
export interface SubscriptionTimings {
  /** The renewal reminder goes out this long before the period ends. */
  reminderSeconds: number;
  /** A failed renewal is retried this long (past_due), then the user is downgraded. */
  graceSeconds: number;
  /** The first retry after a failed charge; each next one waits twice as long. */
  retrySeconds: number;
}

export interface SubscriptionInput {
  userId: string;
  timings: SubscriptionTimings;
}

/** Search attributes (registered by the operator) that make a user's subscription findable. */
export const subscriptionSearchAttributes = (input: Pick<SubscriptionInput, 'userId'>) => ({
  UserId: [input.userId],
});

/** What support staff read in the Temporal UI: no personal data beyond ids. */
export const subscriptionMemo = (state: SubscriptionState) => ({
  plan: state.planSlug,
  status: state.status,
  periodEnd: state.currentPeriodEnd,
  cancelAtPeriodEnd: state.cancelAtPeriodEnd,
});

export interface ChangePlanRequest {
  /** A plan id (billing resolved a slug before sending). */
  planId: string;
  /** Makes the charge for this change idempotent (the update's id). */
  requestId: string;
}

/** An upgrade (charged prorated at once), a downgrade (at the period end) or a resume of a canceled plan. */
export const changePlanUpdate = defineUpdate<SubscriptionState, [ChangePlanRequest]>('changePlan');
/** Cancel at the period end. */
export const cancelUpdate = defineUpdate<SubscriptionState, []>('cancelAtPeriodEnd');
/** Admin: end the period now and renew (charge); answers once the charge was tried. */
export const forceRenewalUpdate = defineUpdate<SubscriptionState, []>('forceRenewal');
/** Admin: end the subscription now; answers the expired subscription. */
export const forceExpiryUpdate = defineUpdate<SubscriptionState, []>('forceExpiry');

export type RenewalOutcome =
  | { outcome: 'renewed'; state: SubscriptionState }
  | { outcome: 'payment_failed'; state: SubscriptionState; error: string };

/**
 * What the workflow asks of the billing service. Every activity is
 * idempotent: it is keyed by the period it acts on (a period already renewed,
 * expired or downgraded is not acted on again) and a charge by its
 * idempotency key, recorded once in billing.payments.
 */
export interface SubscriptionActivities {
  loadSubscription(input: { userId: string }): Promise<SubscriptionState | null>;
  /** Puts the renewal reminder on Kafka (through billing's outbox); its event id is fixed by the period. */
  sendRenewalReminder(input: { userId: string; periodEnd: string }): Promise<void>;
  /**
   * Charges the period after `periodEnd` (attempt n of it) and, when paid,
   * starts it at `newPeriodStart`; a failed charge marks the subscription past_due.
   */
  renewSubscription(input: {
    userId: string;
    periodEnd: string;
    newPeriodStart: string;
    attempt: number;
  }): Promise<RenewalOutcome>;
  /** Ends the subscription (canceled or forced): the default plan's limits apply from now. */
  expireSubscription(input: { userId: string; periodEnd: string }): Promise<SubscriptionState>;
  /** The grace period ran out: the user moves to the default plan; nothing is deleted. */
  downgradeSubscription(input: { userId: string; periodEnd: string }): Promise<SubscriptionState>;
  /** Validates, charges the prorated difference of an upgrade, and writes the change. */
  changeSubscriptionPlan(input: ChangePlanRequest & { userId: string }): Promise<SubscriptionState>;
  cancelSubscriptionAtPeriodEnd(input: { userId: string }): Promise<SubscriptionState>;
}

export interface SubscriptionResult {
  /** How the lifecycle ended: the subscription expired, or moved to a free plan. */
  ended: 'expired' | 'free';
  state: SubscriptionState | null;
}

/** The workflow's signature, so a service starts it by name with checked arguments. */
export type SubscriptionWorkflow = (input: SubscriptionInput) => Promise<SubscriptionResult>;
