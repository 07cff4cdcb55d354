import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  UPLOAD_WORKFLOW_TYPE,
  uploadSearchAttributes,
  uploadWorkflowId,
  type UploadInput,
  type UploadWorkflow,
} from '../../../workflows/upload/contract';
import { supportsEagerStart } from '../../internal/temporal-runtime';
import { uploadExpiry } from '../../internal/upload-expiry';
import type { FilesDeps } from '../deps';
import { filesStore } from '../store';

export interface UploadWorkflowProps {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  version: number;
  size: number;
  sha256?: string;
  /** The URL expiry recorded on the pending version; the give-up time follows from it. */
  urlExpiresAt: Date;
}

/**
 * How `upload:<fileId>` is started, by the create command, the sweeper and
 * (update-with-start) the complete command alike. Eager start: when this
 * process runs a worker on the same connection, the server hands the first
 * workflow task back in the start's answer instead of queueing it for a poll.
 */
const UPLOAD_WORKFLOW_TASK_TIMEOUT = '2s';

export function uploadWorkflowStart(props: UploadWorkflowProps) {
  const { deps } = props;
  const input: UploadInput = {
    userId: props.userId,
    fileId: props.fileId,
    version: props.version,
    size: props.size,
    sha256: props.sha256,
    expireAt: uploadExpiry(props.urlExpiresAt, deps.settings.uploadUrlTtlSeconds).giveUpAt.toISOString(),
  };
  return {
    workflowId: uploadWorkflowId(props.fileId),
    taskQueue: deps.taskQueue,
    args: [input] as [UploadInput],
    searchAttributes: uploadSearchAttributes(input),
    memo: { version: props.version, size: props.size },
    // When the storage event's signal lands while a complete's update is in
    // its (speculative) workflow task, the server can drop that task's
    // completion; the task is then retried only once it times out
    // (temporalio/temporal#5063). The default 10 s made such a complete miss
    // its own 10 s deadline (the soak's 503s); the upload's tasks are short
    // local activities, well under this, and longer ones heartbeat.
    workflowTaskTimeout: UPLOAD_WORKFLOW_TASK_TIMEOUT,
    requestEagerStart: supportsEagerStart(deps.temporal),
  };
}

/** How long a previous version's run may take to close by itself after it settled its version. */
const PREVIOUS_RUN_CLOSE_TIMEOUT_MS = 2_000;

/**
 * Starts `upload:<fileId>` (idempotent: this version's running one is fine)
 * and records that it runs. The id is per file, so the run found may be the
 * previous version's, which settles its version in an update and closes in
 * its next workflow task: a new version started in between waits for it to
 * close (or ends it) and then starts its own, or its complete would reach the
 * old run and be answered with the old version's outcome.
 */
export async function startUploadWorkflow(props: UploadWorkflowProps): Promise<void> {
  const { deps } = props;
  const start = () =>
    deps.temporal.workflow.start<UploadWorkflow>(UPLOAD_WORKFLOW_TYPE, uploadWorkflowStart(props));
  try {
    await start();
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    const handle = deps.temporal.workflow.getHandle(uploadWorkflowId(props.fileId));
    const running = await handle.describe();
    if (running.memo?.version !== props.version) {
      const timer = new AbortController();
      const closed = await Promise.race([
        handle.result().then(
          () => true,
          () => true,
        ),
        sleep(PREVIOUS_RUN_CLOSE_TIMEOUT_MS, false, { signal: timer.signal }).catch(() => false),
      ]);
      timer.abort();
      // A new version is only created once the previous one settled (a pending
      // one answers upload_in_progress), so a run still open has nothing left
      // to do: end it rather than leave the new version without its own.
      if (!closed)
        await handle
          .terminate(
            `version ${String(running.memo?.version)} settled; version ${props.version} starts its own run`,
          )
          .catch(() => undefined);
      await start();
    }
  }
  await filesStore.updateVersion(deps.db, props.fileId, props.version, { workflow_started_at: new Date() });
}
