import { ApplicationFailure } from '@temporalio/common';
import type { SubscriptionActivities } from '../../../workflows/subscription/contract';
import { AppError } from '../../internal/errors';
import { cancelAtPeriodEnd } from '../commands/cancel-at-period-end';
import { changeSubscriptionPlan } from '../commands/change-subscription-plan';
import { downgradeSubscription } from '../commands/downgrade-subscription';
import { expireSubscription } from '../commands/expire-subscription';
import { loadSubscription } from '../commands/load-subscription';
import { renewSubscription } from '../commands/renew-subscription';
import { sendRenewalReminder } from '../commands/send-renewal-reminder';
import type { SubscriptionDeps } from '../subscription-deps';

/**
 * The subscription workflow's activities: thin calls into billing's
 * commands. A refusal (an AppError: unknown plan, declined upgrade...) is
 * final, so it fails the activity without retries, named by its code; the
 * billing command that sent the update turns the code back into the error.
 */
export function createSubscriptionActivities(deps: SubscriptionDeps): SubscriptionActivities {
  return {
    loadSubscription: (input) => refusalsAreFinal(() => loadSubscription({ deps, ...input })),
    sendRenewalReminder: async (input) => {
      await refusalsAreFinal(() => sendRenewalReminder({ deps, ...input }));
    },
    renewSubscription: (input) => refusalsAreFinal(() => renewSubscription({ deps, ...input })),
    expireSubscription: (input) => refusalsAreFinal(() => expireSubscription({ deps, ...input })),
    downgradeSubscription: (input) => refusalsAreFinal(() => downgradeSubscription({ deps, ...input })),
    changeSubscriptionPlan: (input) => refusalsAreFinal(() => changeSubscriptionPlan({ deps, ...input })),
    cancelSubscriptionAtPeriodEnd: (input) => refusalsAreFinal(() => cancelAtPeriodEnd({ deps, ...input })),
  };
}

async function refusalsAreFinal<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.kind !== 'internal' && error.kind !== 'unavailable')
      throw ApplicationFailure.nonRetryable(error.detail, error.code);
    throw error;
  }
}
