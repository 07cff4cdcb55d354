import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { createFolder } from './folders';
import { getFile } from './get-file';
import { updateFile } from './update-file';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('updateFile', () => {
  const { trx } = rolledBackTransactions();

  const deps = () => dbOnlyFilesDeps(trx());
  const code = (error: { code: string }) => ({ code: error.code });
  // Savepoint: a failing command must not poison the test's transaction.
  const attempt = <T>(work: (inner: Knex.Transaction) => Promise<T>) => trx().transaction(work);
  const insertFile = (userId: string, fields: Partial<Pick<FileRow, 'name' | 'status' | 'folder_id'>> = {}) =>
    filesStore.insertFile(trx(), {
      id: randomUUID(),
      owner_id: userId,
      folder_id: null,
      name: 'notes.txt',
      content_type: 'text/plain',
      status: 'ready',
      size: 12,
      ...fields,
    });

  it('renames, stars and moves into a folder and back to the root', async () => {
    const userId = randomUUID();
    const file = await insertFile(userId);
    const folder = await createFolder({ deps: deps(), userId, name: 'Docs' });
    expect(
      await updateFile({ deps: deps(), userId, fileId: file.id, name: 'report.txt', starred: true }),
    ).toMatchObject({ name: 'report.txt', starred: true, folder_id: null });
    expect(await updateFile({ deps: deps(), userId, fileId: file.id, folderId: folder.id })).toMatchObject({
      folder_id: folder.id,
    });
    expect(await updateFile({ deps: deps(), userId, fileId: file.id, folderId: '' })).toMatchObject({
      folder_id: null,
    });
  });

  it('refuses a name taken in the target folder with nameTaken and keeps the file as it was', async () => {
    const userId = randomUUID();
    await insertFile(userId, { name: 'taken.txt' });
    const file = await insertFile(userId, { name: 'mine.txt' });
    await expect(
      attempt((inner) =>
        updateFile({ deps: dbOnlyFilesDeps(inner), userId, fileId: file.id, name: 'taken.txt' }),
      ),
    ).rejects.toMatchObject(code(FILES_ERRORS.nameTaken()));
    expect((await getFile({ deps: deps(), userId, fileId: file.id })).name).toBe('mine.txt');
  });

  it('lets a name be reused that only a failed upload held', async () => {
    const userId = randomUUID();
    await insertFile(userId, { name: 'retry.txt', status: 'failed' });
    const file = await insertFile(userId, { name: 'other.txt' });
    await expect(
      updateFile({ deps: deps(), userId, fileId: file.id, name: 'retry.txt' }),
    ).resolves.toMatchObject({
      name: 'retry.txt',
    });
  });

  it('refuses a trashed or failed file, and another user’s, with fileNotFound', async () => {
    const userId = randomUUID();
    const trashed = await insertFile(userId, { name: 'a.txt', status: 'trashed' });
    const failed = await insertFile(userId, { name: 'b.txt', status: 'failed' });
    const theirs = await insertFile(randomUUID());
    for (const fileId of [trashed.id, failed.id, theirs.id]) {
      await expect(updateFile({ deps: deps(), userId, fileId, starred: true })).rejects.toMatchObject(
        code(FILES_ERRORS.fileNotFound()),
      );
    }
  });

  it('refuses a move into another user’s folder or a trashed one with folderNotFound', async () => {
    const userId = randomUUID();
    const file = await insertFile(userId);
    const theirs = await createFolder({ deps: deps(), userId: randomUUID(), name: 'Theirs' });
    const trashed = await createFolder({ deps: deps(), userId, name: 'Trashed' });
    await trx()
      .withSchema('files')
      .table('folders')
      .where({ id: trashed.id })
      .update({ trashed_at: trx().fn.now() });
    for (const folderId of [theirs.id, trashed.id]) {
      await expect(updateFile({ deps: deps(), userId, fileId: file.id, folderId })).rejects.toMatchObject(
        code(FILES_ERRORS.folderNotFound()),
      );
    }
  });

  it('returns the file unchanged when nothing is asked', async () => {
    const userId = randomUUID();
    const file = await insertFile(userId);
    expect(await updateFile({ deps: deps(), userId, fileId: file.id })).toEqual(file);
  });
});
