import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { deleteUserFilesPage } from '../commands/delete-user-files';
import { purgeDueFiles } from '../commands/purge-due-files';
import { filesStore } from '../store';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { insertFile, insertFolder } from '../testing/share-fixtures';
import { createShare } from './create-share';

// Files without versions: the purge has no object to delete, so no storage call.
describe('the purge and account deletion delete shares', () => {
  const { trx } = rolledBackTransactions();
  const deps = () => dbOnlyFilesDeps(trx());
  const shareWith = (ownerId: string, kind: 'file' | 'folder', itemId: string) =>
    createShare({
      deps: deps(),
      userId: ownerId,
      kind,
      itemId,
      email: `${randomUUID()}@example.test`,
      role: 'viewer',
    });
  // The files are counted in the usage, as uploads leave them (no bytes: no versions).
  const countFiles = (userId: string, files: number) =>
    trx()
      .withSchema('files')
      .table('usage')
      .insert({ user_id: userId, used_bytes: 0, reserved_bytes: 0, file_count: files });
  const sharesOf = (itemId: string) => trx().withSchema('files').table('shares').where({ item_id: itemId });

  it('purging a file deletes its shares, revoked ones too, and no other file’s', async () => {
    const ownerId = randomUUID();
    const due = await insertFile(trx(), ownerId);
    const kept = await insertFile(trx(), ownerId);
    await shareWith(ownerId, 'file', due.id);
    const revoked = await shareWith(ownerId, 'file', due.id);
    await trx()
      .withSchema('files')
      .table('shares')
      .where({ id: revoked.id })
      .update({ revoked_at: new Date() });
    await shareWith(ownerId, 'file', kept.id);
    await countFiles(ownerId, 2);
    await filesStore.updateFile(trx(), due.id, {
      status: 'trashed',
      trashed_at: new Date(),
      purge_at: new Date(Date.now() - 1000),
    });

    expect(await purgeDueFiles({ deps: deps(), userId: ownerId, dueBy: new Date(), limit: 10 })).toEqual({
      purged: 1,
    });

    expect(await sharesOf(due.id)).toEqual([]);
    expect(await sharesOf(kept.id)).toHaveLength(1);
  });

  it('deleting an account deletes every share it made, of files and folders, and leaves others’ shares', async () => {
    const userId = randomUUID();
    const file = await insertFile(trx(), userId);
    const folder = await insertFolder(trx(), userId);
    await shareWith(userId, 'file', file.id);
    await shareWith(userId, 'folder', folder.id);
    const otherOwner = randomUUID();
    const othersFile = await insertFile(trx(), otherOwner);
    await shareWith(otherOwner, 'file', othersFile.id);
    await countFiles(userId, 1);

    expect(await deleteUserFilesPage({ deps: deps(), userId, limit: 10 })).toEqual({
      deleted: 1,
      more: false,
    });

    expect(await trx().withSchema('files').table('shares').where({ owner_id: userId })).toEqual([]);
    expect(await sharesOf(othersFile.id)).toHaveLength(1);
  });
});
