import type { FilesDeps } from '../deps';

// One page is one storage listing and one S3 DeleteObjects of up to 1,000
// versions; within the workflow's 30 s for the step.
const STORAGE_CALL_TIMEOUT_MS = 25_000;

/**
 * Account deletion: one page of the objects under the user's prefix,
 * whatever the rows say (an object whose row was lost goes too). The caller
 * repeats while `more`. Idempotent.
 */
export async function deleteUserObjectsPage(props: {
  deps: FilesDeps;
  userId: string;
}): Promise<{ deleted: number; more: boolean }> {
  const page = await props.deps.storage.deleteUserObjects(
    { userId: props.userId },
    { timeoutMs: STORAGE_CALL_TIMEOUT_MS },
  );
  return { deleted: page.deletedVersions, more: page.more };
}
