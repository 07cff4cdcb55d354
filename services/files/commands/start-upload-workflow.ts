import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  UPLOAD_WORKFLOW_TYPE,
  uploadSearchAttributes,
  uploadWorkflowId,
  type UploadInput,
  type UploadWorkflow,
} from '../../../workflows/upload/contract';
import { uploadExpiry } from '../../internal/upload-expiry';
import type { FilesDeps } from '../deps';
import { filesStore } from '../store';

/** Starts `upload:<fileId>` (idempotent: an already running one is fine) and records that it runs. */
export async function startUploadWorkflow(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  version: number;
  size: number;
  sha256?: string;
  /** The URL expiry recorded on the pending version; the give-up time follows from it. */
  urlExpiresAt: Date;
}): Promise<void> {
  const { deps } = props;
  const input: UploadInput = {
    userId: props.userId,
    fileId: props.fileId,
    version: props.version,
    size: props.size,
    sha256: props.sha256,
    expireAt: uploadExpiry(props.urlExpiresAt, deps.settings.uploadUrlTtlSeconds).giveUpAt.toISOString(),
  };
  try {
    await deps.temporal.workflow.start<UploadWorkflow>(UPLOAD_WORKFLOW_TYPE, {
      workflowId: uploadWorkflowId(props.fileId),
      taskQueue: deps.taskQueue,
      args: [input],
      searchAttributes: uploadSearchAttributes(input),
      memo: { version: props.version, size: props.size },
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  await filesStore.updateVersion(deps.db, props.fileId, props.version, { workflow_started_at: new Date() });
}
