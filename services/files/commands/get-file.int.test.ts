import { randomUUID } from 'node:crypto';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { getFile } from './get-file';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('getFile', () => {
  const { trx } = rolledBackTransactions();

  const deps = () => dbOnlyFilesDeps(trx());
  const code = (error: { code: string }) => ({ code: error.code });
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

  it('finds the owner’s ready, pending and trashed files', async () => {
    const userId = randomUUID();
    for (const status of ['ready', 'pending', 'trashed'] as const) {
      const file = await insertFile(userId, { name: `${status}.txt`, status });
      expect(await getFile({ deps: deps(), userId, fileId: file.id })).toMatchObject({
        id: file.id,
        status,
      });
    }
  });

  it('answers fileNotFound for another user’s file, a failed upload and an unknown id alike', async () => {
    const userId = randomUUID();
    const theirs = await insertFile(randomUUID());
    const failed = await insertFile(userId, { status: 'failed' });
    for (const fileId of [theirs.id, failed.id, randomUUID()]) {
      await expect(getFile({ deps: deps(), userId, fileId })).rejects.toMatchObject(
        code(FILES_ERRORS.fileNotFound()),
      );
    }
  });
});
