import { setTimeout as sleep } from 'node:timers/promises';
import {
  isGrpcServiceError,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/client';
import {
  completeUpdate,
  UPLOAD_WORKFLOW_TYPE,
  type UploadOutcome,
  type UploadWorkflow,
} from '../../../workflows/upload/contract';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';
import { uploadWorkflowStart } from './start-upload-workflow';

/**
 * The client says the upload is done. The upload workflow verifies (and
 * assembles a multipart upload), so this answers with the settled file; it
 * is idempotent: completing a ready file just returns it.
 *
 * One call to Temporal, update-with-start: the `complete` update goes to the
 * running `upload:<fileId>`, or starts it first if its start was lost (the
 * process died between the create's commit and the start, before the
 * sweeper's repair), so a complete never waits on the sweeper.
 */
export async function completeUpload(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  parts: Array<{ partNumber: number; etag: string }>;
}): Promise<FileRow> {
  const { deps, userId, fileId } = props;
  const file = await filesStore.findOwnedFile(deps.db, userId, fileId);
  if (!file) throw FILES_ERRORS.fileNotFound();
  const pending = await filesStore.pendingVersion(deps.db, fileId);
  if (!pending) return settledFile(file);
  if (props.parts.length > 0 && !pending.multipart_upload_id) throw FILES_ERRORS.notMultipart();

  const startOptions = {
    ...uploadWorkflowStart({
      deps,
      userId,
      fileId,
      version: pending.version,
      size: Number(pending.size),
      sha256: pending.sha256 ?? undefined,
      urlExpiresAt: pending.expires_at,
    }),
    // Not eager: the update must reach the workflow with its start.
    requestEagerStart: false,
    workflowIdConflictPolicy: 'USE_EXISTING' as const,
    // A closed upload workflow is not started again: the version settled meanwhile.
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
  };
  const reload = async () => (await filesStore.findOwnedFile(deps.db, userId, fileId)) ?? file;
  let outcome: UploadOutcome;
  for (let attempt = 1; ; attempt += 1) {
    try {
      outcome = await deps.temporal.workflow.executeUpdateWithStart(completeUpdate, {
        args: [{ parts: props.parts }],
        // An operation serves one call: each attempt builds its own.
        startWorkflowOperation: new WithStartWorkflowOperation<UploadWorkflow>(
          UPLOAD_WORKFLOW_TYPE,
          startOptions,
        ),
      });
      break;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return settledFile(await reload());
      // The storage event may have settled the file, and closed the workflow,
      // while the update was on its way: then the file is the answer.
      const stillPending = await filesStore.pendingVersion(deps.db, fileId);
      if (stillPending?.version !== pending.version) return settledFile(await reload());
      if (!workflowNotReady(error) || attempt >= UPDATE_ATTEMPTS) throw error;
      await sleep(20 * attempt);
    }
  }
  if (outcome.status === 'waiting') throw FILES_ERRORS.notUploadedYet();
  if (outcome.status === 'failed') throw FILES_ERRORS.verificationFailed(outcome.reason);
  return (await filesStore.findOwnedFile(deps.db, userId, fileId))!;
}

/** No pending version: a ready (or since trashed) file is the answer; a failed one is closed. */
function settledFile(file: FileRow): FileRow {
  if (file.status === 'ready' || file.status === 'trashed') return file;
  throw FILES_ERRORS.uploadClosed();
}

// gRPC FAILED_PRECONDITION: Temporal's WorkflowNotReady, "unable to perform
// workflow execution update due to unexpected workflow task failure". The
// update arrived in the workflow task that settles the file (local
// activities) and completes the workflow; when the storage event's signal
// lands during that task, the server refuses the completion (a new event
// must be seen first), the task is retried, and the update, not yet
// accepted, is dropped. Sending it again is safe.
const WORKFLOW_NOT_READY = 9;
const UPDATE_ATTEMPTS = 5;

function workflowNotReady(error: unknown): boolean {
  return isGrpcServiceError(error) && Number(error.code) === WORKFLOW_NOT_READY;
}
