import type { AccountDeletionActivities } from '../../../workflows/account-deletion/contract';
import type { Database } from '../../internal/db';
import { anonymiseUser } from '../commands/anonymise-user';

/** The admin service's part of account-deletion:<userId>: its audit entries anonymised. */
export function createAccountDeletionActivities(deps: {
  db: Database;
}): Pick<AccountDeletionActivities, 'anonymiseAuditEntries'> {
  return {
    anonymiseAuditEntries: async (input) => ({
      anonymised: await anonymiseUser({ db: deps.db, userId: input.userId }),
    }),
  };
}
