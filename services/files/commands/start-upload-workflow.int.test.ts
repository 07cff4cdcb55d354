import { randomUUID } from 'node:crypto';
import { UPLOAD_WORKFLOW_TYPE, uploadWorkflowId } from '../../../workflows/upload/contract';
import { filesStore } from '../store';
import { platformFilesDeps } from '../testing/platform-deps';
import { startUploadWorkflow } from './start-upload-workflow';

describe('startUploadWorkflow', () => {
  const { deps, trx } = platformFilesDeps();

  /** A pending first version, as create-upload commits it before the start. */
  async function pendingUpload(userId: string, size: number, urlExpiresAt: Date): Promise<string> {
    const fileId = randomUUID();
    await filesStore.insertFile(trx(), {
      id: fileId,
      owner_id: userId,
      folder_id: null,
      name: `${fileId}.bin`,
      content_type: 'application/octet-stream',
      status: 'pending',
      size,
    });
    await filesStore.insertVersion(trx(), {
      file_id: fileId,
      version: 1,
      size,
      content_type: 'application/octet-stream',
      sha256: null,
      expires_at: urlExpiresAt,
    });
    return fileId;
  }

  it('starts upload:<fileId> on the task queue, records the start, and a second start is harmless', async () => {
    const userId = randomUUID();
    const urlExpiresAt = new Date(Date.now() + 3600_000);
    const fileId = await pendingUpload(userId, 77, urlExpiresAt);
    const versionRow = () => trx()('files.file_versions').where({ file_id: fileId, version: 1 }).first();
    expect((await versionRow()).workflow_started_at).toBeNull();

    const props = { deps: deps(), userId, fileId, version: 1, size: 77, urlExpiresAt };
    await startUploadWorkflow(props);
    const handle = deps().temporal.workflow.getHandle(uploadWorkflowId(fileId));
    const first = await handle.describe();
    await startUploadWorkflow(props);

    expect((await versionRow()).workflow_started_at).not.toBeNull();
    const again = await handle.describe();
    expect(again).toMatchObject({
      type: UPLOAD_WORKFLOW_TYPE,
      taskQueue: deps().taskQueue,
      status: { name: 'RUNNING' },
      runId: first.runId,
    });
    expect(again.memo).toEqual({ version: 1, size: 77 });
  });

  it('starts a new version’s own run once the previous version’s run, still closing, has closed', async () => {
    const userId = randomUUID();
    const urlExpiresAt = new Date(Date.now() + 3600_000);
    const fileId = await pendingUpload(userId, 77, urlExpiresAt);
    await filesStore.insertVersion(trx(), {
      file_id: fileId,
      version: 2,
      size: 88,
      content_type: 'application/octet-stream',
      sha256: null,
      expires_at: urlExpiresAt,
    });
    await startUploadWorkflow({ deps: deps(), userId, fileId, version: 1, size: 77, urlExpiresAt });
    const handle = deps().temporal.workflow.getHandle(uploadWorkflowId(fileId));
    const previous = await handle.describe();
    // The previous run closes a moment after the next version is created, as it does once it settled.
    setTimeout(() => void handle.terminate('settled version 1'), 300);
    await startUploadWorkflow({ deps: deps(), userId, fileId, version: 2, size: 88, urlExpiresAt });
    const current = await handle.describe();
    expect(current.runId).not.toBe(previous.runId);
    expect(current.memo).toEqual({ version: 2, size: 88 });
    expect(current.status.name).toBe('RUNNING');
    await handle.terminate('test over');
  });
});
