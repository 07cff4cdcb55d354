import { randomUUID } from 'node:crypto';
import { uploadWorkflowId } from '../../../workflows/upload/contract';
import { FILES_ERRORS } from '../errors';
import { platformFilesDeps } from '../testing/platform-deps';
import { createUpload } from './create-upload';

// The free plan a user without a subscription gets from the real billing service.
const FREE_MAX_FILE = 512 * 1024 * 1024;
const FREE_QUOTA = 5 * 1024 * 1024 * 1024;

describe('createUpload', () => {
  const { deps, trx } = platformFilesDeps();

  const code = (error: { code: string }) => ({ code: error.code });
  const usage = async (userId: string) => {
    const row = await trx()('files.usage').where({ user_id: userId }).first();
    return { used: Number(row?.used_bytes ?? 0), reserved: Number(row?.reserved_bytes ?? 0) };
  };
  const upload = (
    userId: string,
    fields: { name?: string; size?: number; folderId?: string; fileId?: string } = {},
  ) =>
    createUpload({
      deps: deps(),
      userId,
      name: fields.name ?? `${randomUUID()}.bin`,
      size: fields.size ?? 42,
      contentType: 'application/octet-stream',
      folderId: fields.folderId,
      fileId: fields.fileId,
    });

  it('records a pending file, reserves its size, presigns a PUT and starts upload:<fileId> on the task queue', async () => {
    const userId = randomUUID();
    const { file, upload: presigned, expiresAt } = await upload(userId, { size: 42 });

    expect(file).toMatchObject({ owner_id: userId, status: 'pending' });
    expect(await usage(userId)).toEqual({ used: 0, reserved: 42 });
    const version = await trx()('files.file_versions').where({ file_id: file.id }).first();
    expect(version).toMatchObject({ version: 1, status: 'pending' });
    expect(version.workflow_started_at).not.toBeNull();
    expect(presigned.upload.case).toBe('put');
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    const workflow = await deps().temporal.workflow.getHandle(uploadWorkflowId(file.id)).describe();
    expect(workflow).toMatchObject({ taskQueue: deps().taskQueue, status: { name: 'RUNNING' } });
  });

  it('refuses a file over the plan’s max size with payload_too_large and reserves nothing', async () => {
    const userId = randomUUID();
    await expect(upload(userId, { size: FREE_MAX_FILE + 1 })).rejects.toMatchObject(
      code(FILES_ERRORS.tooLarge(FREE_MAX_FILE)),
    );
    expect(await usage(userId)).toEqual({ used: 0, reserved: 0 });
    expect(await trx()('files.files').where({ owner_id: userId })).toEqual([]);
  });

  it('refuses a file that does not fit the remaining quota with quota_exceeded', async () => {
    const userId = randomUUID();
    await trx()('files.usage').insert({ user_id: userId, used_bytes: FREE_QUOTA - 10 });
    await expect(upload(userId, { size: 11 })).rejects.toMatchObject(code(FILES_ERRORS.quotaExceeded(10)));
    expect(await usage(userId)).toEqual({ used: FREE_QUOTA - 10, reserved: 0 });
  });

  it('makes an account above its quota read-only: no new file, no new version, nothing deleted', async () => {
    const userId = randomUUID();
    const { file } = await upload(userId, { size: 5 });
    // As after a downgrade: what is stored now exceeds the free plan's quota.
    await trx()('files.usage')
      .where({ user_id: userId })
      .update({ used_bytes: FREE_QUOTA + 1, reserved_bytes: 0 });
    await trx()('files.files').where({ id: file.id }).update({ status: 'ready' });
    await trx()('files.file_versions').where({ file_id: file.id }).update({ status: 'ready' });
    await expect(upload(userId, { size: 0 })).rejects.toMatchObject({ code: 'account_over_quota' });
    await expect(upload(userId, { fileId: file.id, size: 1 })).rejects.toMatchObject({
      code: 'account_over_quota',
    });
    expect(await trx()('files.files').where({ owner_id: userId })).toHaveLength(1);
    expect(await usage(userId)).toEqual({ used: FREE_QUOTA + 1, reserved: 0 });

    // Once usage fits again, uploads start again.
    await trx()('files.usage')
      .where({ user_id: userId })
      .update({ used_bytes: FREE_QUOTA - 100 });
    await expect(upload(userId, { size: 10 })).resolves.toMatchObject({ file: { status: 'pending' } });
  });

  it('answers folder_not_found for a folder the user does not have', async () => {
    await expect(upload(randomUUID(), { folderId: randomUUID() })).rejects.toMatchObject(
      code(FILES_ERRORS.folderNotFound()),
    );
  });

  it('answers name_taken for a second file of the same name in the same folder', async () => {
    const userId = randomUUID();
    await upload(userId, { name: 'twice.txt', size: 5 });
    await expect(upload(userId, { name: 'twice.txt', size: 7 })).rejects.toMatchObject(
      code(FILES_ERRORS.nameTaken()),
    );
    expect(await usage(userId)).toEqual({ used: 0, reserved: 5 });
  });

  it('answers upload_in_progress for a new version while the first upload is pending, and file_not_found for an unknown file', async () => {
    const userId = randomUUID();
    const { file } = await upload(userId);
    await expect(upload(userId, { fileId: file.id })).rejects.toMatchObject(
      code(FILES_ERRORS.uploadInProgress()),
    );
    await expect(upload(userId, { fileId: randomUUID() })).rejects.toMatchObject(
      code(FILES_ERRORS.fileNotFound()),
    );
  });
});
