import type { AccountDeletionActivities } from '../../../workflows/account-deletion/contract';
import { deleteBillingAccount } from '../commands/delete-billing-account';
import type { BillingDeps } from '../deps';

/** The billing service's part of account-deletion:<userId>. */
export function createAccountDeletionActivities(
  deps: BillingDeps,
): Pick<AccountDeletionActivities, 'deleteBillingAccount'> {
  return {
    deleteBillingAccount: async (input) => void (await deleteBillingAccount({ deps, userId: input.userId })),
  };
}
