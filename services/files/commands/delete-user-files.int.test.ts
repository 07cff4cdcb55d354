import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { filesStore, type FileRow } from '../store';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { deleteUserFilesPage } from './delete-user-files';

// Rows only (the objects are storage's step), in a rolled-back transaction.
describe('deleteUserFilesPage', () => {
  const { trx } = rolledBackTransactions();
  const deps = () => dbOnlyFilesDeps(trx());

  /** A file with versions of these sizes and statuses, its usage counted as the commands count it. */
  async function fileWith(
    userId: string,
    status: FileRow['status'],
    versions: Array<[number, 'ready' | 'pending']>,
  ) {
    const file = await filesStore.insertFile(trx(), {
      id: randomUUID(),
      owner_id: userId,
      folder_id: null,
      name: `${randomUUID()}.bin`,
      content_type: 'application/octet-stream',
      status,
      size: versions[0]![0],
    });
    await filesStore.lockUsage(trx(), userId, deps().usageCache);
    for (const [index, [size, versionStatus]] of versions.entries()) {
      await filesStore.insertVersion(trx(), {
        file_id: file.id,
        version: index + 1,
        size,
        content_type: 'application/octet-stream',
        sha256: null,
        expires_at: new Date(Date.now() + 60_000),
      });
      if (versionStatus === 'ready') await filesStore.settleVersion(trx(), file.id, index + 1, 'ready');
      await filesStore.changeUsage(
        trx(),
        userId,
        versionStatus === 'ready' ? { used: size, files: index === 0 ? 1 : 0 } : { reserved: size },
      );
    }
    return file.id;
  }

  const usage = async (userId: string) => {
    const row = await trx().withSchema('files').table('usage').where({ user_id: userId }).first();
    return (
      row && { used: Number(row.used_bytes), reserved: Number(row.reserved_bytes), files: row.file_count }
    );
  };
  const filesOf = async (userId: string) =>
    (await trx().withSchema('files').table('files').where({ owner_id: userId })).length;

  it('deletes a page at a time keeping usage exact, then the folders and usage row; again, nothing', async () => {
    const userId = randomUUID();
    const otherId = randomUUID();
    await trx()
      .withSchema('files')
      .table('folders')
      .insert({ id: randomUUID(), owner_id: userId, name: 'docs' });
    await fileWith(userId, 'ready', [
      [10, 'ready'],
      [20, 'ready'],
    ]);
    await fileWith(userId, 'trashed', [[5, 'ready']]);
    await fileWith(userId, 'pending', [[7, 'pending']]);
    await fileWith(otherId, 'ready', [[3, 'ready']]);
    expect(await usage(userId)).toEqual({ used: 35, reserved: 7, files: 2 });

    const first = await deleteUserFilesPage({ deps: deps(), userId, limit: 2 });
    expect(first).toEqual({ deleted: 2, more: true });
    expect(await filesOf(userId)).toBe(1);
    // Whatever two files went, the usage row still matches what is left.
    const versionsLeft = await trx()
      .withSchema('files')
      .table('file_versions as v')
      .join('files as f', 'f.id', 'v.file_id')
      .where('f.owner_id', userId)
      .select<Array<{ size: string; status: string }>>('v.size', 'v.status');
    const bytes = (status: string) =>
      versionsLeft.filter((v) => v.status === status).reduce((sum, v) => sum + Number(v.size), 0);
    const countedFiles = await trx()
      .withSchema('files')
      .table('files')
      .where({ owner_id: userId })
      .whereIn('status', ['ready', 'trashed']);
    expect(await usage(userId)).toEqual({
      used: bytes('ready'),
      reserved: bytes('pending'),
      files: countedFiles.length,
    });

    expect(await deleteUserFilesPage({ deps: deps(), userId, limit: 2 })).toEqual({
      deleted: 1,
      more: false,
    });
    expect(await filesOf(userId)).toBe(0);
    expect(await usage(userId)).toBeUndefined();
    expect(await trx().withSchema('files').table('folders').where({ owner_id: userId })).toEqual([]);
    expect(await deleteUserFilesPage({ deps: deps(), userId, limit: 2 })).toEqual({
      deleted: 0,
      more: false,
    });

    expect(await filesOf(otherId)).toBe(1);
    expect(await usage(otherId)).toEqual({ used: 3, reserved: 0, files: 1 });
  });
});
