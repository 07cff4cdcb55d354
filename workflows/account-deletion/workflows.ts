import { proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import {
  progressQuery,
  type AccountDeletionActivities,
  type AccountDeletionInput,
  type AccountDeletionProgress,
} from './contract';

// Every step is one short call (one transaction, or one storage request)
// retried until it succeeds: a worker that dies mid-step is noticed at the
// step's timeout, short for that reason, and the step runs again elsewhere,
// finding done whatever was done.
const retry = { initialInterval: '1 second', maximumInterval: '1 minute' };
const activities = proxyActivities<AccountDeletionActivities>({ startToCloseTimeout: '20 seconds', retry });
// A page of objects is one storage request: a listing and one S3
// DeleteObjects of up to 1,000 versions (files' storage call gives up at 25 s).
const objectPages = proxyActivities<Pick<AccountDeletionActivities, 'deleteUserObjectsPage'>>({
  startToCloseTimeout: '30 seconds',
  retry,
});

const FILES_PAGE = 1000;

/**
 * `account-deletion:<userId>`: removes everything of one account, service by
 * service, each deleting only its own rows. The account is disabled first
 * (its tokens stop), then the user's other workflows are stopped so nothing
 * recreates data, then objects, files rows, billing rows, the account itself
 * (recording `account.deleted`), and the audit entries are anonymised last.
 *
 * Idempotent end to end: run again after it finished, every step finds
 * nothing to do. An upload URL handed out before the account was disabled
 * may still PUT until it expires: the objects and files are swept once more
 * after that moment.
 */
export async function accountDeletionWorkflow(input: AccountDeletionInput): Promise<AccountDeletionProgress> {
  const { userId } = input;
  const progress: AccountDeletionProgress = {
    step: 'disabling account',
    deletedObjectVersions: 0,
    deletedFiles: 0,
  };
  setHandler(progressQuery, () => progress);

  await activities.disableAccountForDeletion({ userId });
  const sweep = async () => {
    progress.step = 'stopping workflows';
    await activities.stopUserWorkflows({ userId, keepWorkflowId: workflowInfo().workflowId });
    const { uploadUrlsValidUntil } = await activities.abortUserUploads({ userId });
    progress.step = 'deleting objects';
    for (let more = true; more;) {
      const page = await objectPages.deleteUserObjectsPage({ userId });
      progress.deletedObjectVersions += page.deleted;
      more = page.more;
    }
    progress.step = 'deleting files';
    for (let more = true; more;) {
      const page = await activities.deleteUserFilesPage({ userId, limit: FILES_PAGE });
      progress.deletedFiles += page.deleted;
      more = page.more;
    }
    return uploadUrlsValidUntil;
  };

  const uploadUrlsValidUntil = await sweep();
  const waitMs = uploadUrlsValidUntil ? Date.parse(uploadUrlsValidUntil) - Date.now() : 0;
  if (waitMs > 0) {
    progress.step = 'waiting for open upload URLs';
    await sleep(waitMs);
    await sweep();
  }

  progress.step = 'deleting billing';
  await activities.deleteBillingAccount({ userId });
  progress.step = 'deleting account';
  await activities.deleteAuthAccount({ userId, requestedBy: input.requestedBy });
  progress.step = 'anonymising audit log';
  await activities.anonymiseAuditEntries({ userId });
  progress.step = 'done';
  return progress;
}
