import type { StorageDeps } from '../deps';
import { assertValid } from '../validation';
import { userIdProblem, userPrefix } from './user-prefix';

/**
 * Deletes up to 1,000 S3 versions under the user's prefix (one listing and
 * one S3 DeleteObjects). The caller repeats while `more`; each call is
 * idempotent, since what is deleted is not listed again.
 */
export async function deleteUserObjects(props: {
  deps: StorageDeps;
  userId: string;
}): Promise<{ deletedVersions: number; more: boolean }> {
  assertValid([userIdProblem(props.userId)]);
  return props.deps.objects.deleteUnder(userPrefix(props.userId));
}
