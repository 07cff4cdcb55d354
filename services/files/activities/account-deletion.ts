import type { AccountDeletionActivities } from '../../../workflows/account-deletion/contract';
import { abortUserUploads } from '../commands/abort-user-uploads';
import { deleteUserFilesPage } from '../commands/delete-user-files';
import { deleteUserObjectsPage } from '../commands/delete-user-objects';
import type { FilesDeps } from '../deps';

type FilesPart = Pick<
  AccountDeletionActivities,
  'abortUserUploads' | 'deleteUserObjectsPage' | 'deleteUserFilesPage'
>;

/** The files service's part of account-deletion:<userId>: uploads, objects and rows, a page at a time. */
export function createAccountDeletionActivities(deps: FilesDeps): FilesPart {
  return {
    abortUserUploads: async (input) => {
      const { uploadUrlsValidUntil } = await abortUserUploads({ deps, userId: input.userId });
      return { uploadUrlsValidUntil: uploadUrlsValidUntil?.toISOString() ?? null };
    },
    deleteUserObjectsPage: (input) => deleteUserObjectsPage({ deps, userId: input.userId }),
    deleteUserFilesPage: (input) => deleteUserFilesPage({ deps, userId: input.userId, limit: input.limit }),
  };
}
