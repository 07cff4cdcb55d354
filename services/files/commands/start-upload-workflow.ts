import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { uploadWorkflowId } from '../../../workflows/workflow-ids';
import type { UploadInput } from '../../../workflows/upload/workflows';
import type { FilesDeps } from '../deps';
import { filesStore } from '../store';

// An upload that never arrives is given up a little after its URL expires,
// so a PUT that started just before expiry can still finish.
const EXPIRY_GRACE_MS = 60_000;

/** Starts `upload:<fileId>` (idempotent: an already running one is fine) and records that it runs. */
export async function startUploadWorkflow(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  version: number;
  size: number;
  sha256?: string;
  urlExpiresAt: Date;
}): Promise<void> {
  const { deps } = props;
  const input: UploadInput = {
    userId: props.userId,
    fileId: props.fileId,
    version: props.version,
    size: props.size,
    sha256: props.sha256,
    expireAt: new Date(
      props.urlExpiresAt.getTime() + Math.min(EXPIRY_GRACE_MS, deps.settings.uploadUrlTtlSeconds * 1000),
    ).toISOString(),
  };
  try {
    await deps.temporal.workflow.start('uploadWorkflow', {
      workflowId: uploadWorkflowId(props.fileId),
      taskQueue: deps.taskQueue,
      args: [input],
      searchAttributes: { UserId: [props.userId], FileId: [props.fileId] },
      memo: { version: props.version, size: props.size },
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  await filesStore.updateVersion(deps.db, props.fileId, props.version, { workflow_started_at: new Date() });
}
