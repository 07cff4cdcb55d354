import type { Client } from '@temporalio/client';
import type { AccountDeletionActivities } from '../../../workflows/account-deletion/contract';
import { deleteAccount } from '../commands/delete-account';
import { setUserAccess } from '../commands/set-user-access';
import { stopUserWorkflows } from '../commands/stop-user-workflows';
import type { AuthDeps } from '../deps';
import { authStore } from '../store';

type AuthPart = Pick<
  AccountDeletionActivities,
  'disableAccountForDeletion' | 'stopUserWorkflows' | 'deleteAuthAccount'
>;

/** The auth service's part of account-deletion:<userId>: it owns the account and the process. */
export function createAccountDeletionActivities(deps: AuthDeps & { temporal: Client }): AuthPart {
  return {
    // Already done by the DELETE that started the deletion; repeated so a
    // deletion started any other way disables the account first too.
    disableAccountForDeletion: async (input) => {
      const user = await authStore.findUserById(deps.db, input.userId);
      if (!user) return { found: false };
      // The deletion's own act, not an admin's: no actor.
      await setUserAccess({ deps, actorUserId: '', userId: input.userId, disabled: true });
      return { found: true };
    },
    stopUserWorkflows: async (input) => ({
      terminated: await stopUserWorkflows({ temporal: deps.temporal, ...input }),
    }),
    deleteAuthAccount: async (input) => ({ deleted: await deleteAccount({ db: deps.db, ...input }) }),
  };
}
