import type { Client } from '@temporalio/client';
import type { SubscriptionTimings } from '../../workflows/subscription/contract';
import type { ConfigSection } from '../internal/config';
import type { BillingDeps } from './deps';
import type { PaymentProvider } from './payments/provider';
import type { PlanRow } from './store';

/** What the subscription commands need besides billing's database and cache. */
export interface SubscriptionDeps extends BillingDeps {
  payments: PaymentProvider;
  settings: ConfigSection<'subscriptions'>;
  /** Absent in the worker's activities, which never start or update the workflow. */
  temporal?: { client: Client; taskQueue: string };
}

/** A plan's period in ms: its period_days, or SUBSCRIPTION_PERIOD_SECONDS for every plan when set. */
export function periodMs(settings: ConfigSection<'subscriptions'>, plan: PlanRow): number {
  return (settings.periodSecondsOverride ?? plan.period_days * 86_400) * 1000;
}

export function subscriptionTimings(settings: ConfigSection<'subscriptions'>): SubscriptionTimings {
  return {
    reminderSeconds: settings.reminderSeconds,
    graceSeconds: settings.graceSeconds,
    retrySeconds: settings.retrySeconds,
  };
}
