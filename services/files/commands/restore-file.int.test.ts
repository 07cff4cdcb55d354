import { randomUUID } from 'node:crypto';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { createFolder } from './folders';
import { restoreFile } from './restore-file';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

const HOUR_MS = 3600_000;

describe('restoreFile', () => {
  const { trx } = rolledBackTransactions();

  const deps = () => dbOnlyFilesDeps(trx());
  const code = (error: { code: string }) => ({ code: error.code });
  const insertFile = (userId: string, fields: Partial<Pick<FileRow, 'name' | 'status' | 'folder_id'>> = {}) =>
    filesStore.insertFile(trx(), {
      id: randomUUID(),
      owner_id: userId,
      folder_id: null,
      name: `file-${randomUUID()}.txt`,
      content_type: 'text/plain',
      status: 'ready',
      size: 12,
      ...fields,
    });
  /** A file in the trash whose purge is due `purgeInMs` from now (negative: overdue). */
  const trashedFile = async (
    userId: string,
    purgeInMs: number,
    fields: Partial<Pick<FileRow, 'name' | 'folder_id'>> = {},
  ) => {
    const file = await insertFile(userId, fields);
    return filesStore.updateFile(trx(), file.id, {
      status: 'trashed',
      trashed_at: new Date(),
      purge_at: new Date(Date.now() + purgeInMs),
    });
  };

  it('brings a trashed file back as ready and clears its trash and purge times', async () => {
    const userId = randomUUID();
    const folder = await createFolder({ deps: deps(), userId, name: 'Kept' });
    const file = await trashedFile(userId, HOUR_MS, { folder_id: folder.id });
    const restored = await restoreFile({ deps: deps(), userId, fileId: file.id });
    expect(restored).toMatchObject({ id: file.id, status: 'ready', trashed_at: null, purge_at: null });
    expect(restored.folder_id).toBe(folder.id);
  });

  it('puts the file at the root when its folder is in the trash', async () => {
    const userId = randomUUID();
    const folder = await createFolder({ deps: deps(), userId, name: 'Gone' });
    const file = await trashedFile(userId, HOUR_MS, { folder_id: folder.id });
    await trx()
      .withSchema('files')
      .table('folders')
      .where({ id: folder.id })
      .update({ trashed_at: new Date() });
    const restored = await restoreFile({ deps: deps(), userId, fileId: file.id });
    expect(restored).toMatchObject({ status: 'ready', folder_id: null });
  });

  it('answers restore_window_closed once the purge is due, and leaves the file trashed', async () => {
    const userId = randomUUID();
    const file = await trashedFile(userId, -1000);
    await expect(restoreFile({ deps: deps(), userId, fileId: file.id })).rejects.toMatchObject(
      code(FILES_ERRORS.restoreWindowClosed()),
    );
    expect(await filesStore.findOwnedFile(trx(), userId, file.id)).toMatchObject({ status: 'trashed' });
  });

  it('answers not_trashed for a ready file', async () => {
    const userId = randomUUID();
    const file = await insertFile(userId);
    await expect(restoreFile({ deps: deps(), userId, fileId: file.id })).rejects.toMatchObject(
      code(FILES_ERRORS.notTrashed()),
    );
  });

  it('answers name_taken when a visible file took its name in the meantime', async () => {
    const userId = randomUUID();
    const file = await trashedFile(userId, HOUR_MS, { name: 'report.txt' });
    await insertFile(userId, { name: 'report.txt' });
    await expect(restoreFile({ deps: deps(), userId, fileId: file.id })).rejects.toMatchObject(
      code(FILES_ERRORS.nameTaken()),
    );
  });

  it('answers file_not_found for another user’s trashed file, a pending upload and an unknown id', async () => {
    const userId = randomUUID();
    const theirs = await trashedFile(randomUUID(), HOUR_MS);
    const pending = await insertFile(userId, { status: 'pending' });
    for (const fileId of [theirs.id, pending.id, randomUUID()]) {
      await expect(restoreFile({ deps: deps(), userId, fileId })).rejects.toMatchObject(
        code(FILES_ERRORS.fileNotFound()),
      );
    }
  });
});
