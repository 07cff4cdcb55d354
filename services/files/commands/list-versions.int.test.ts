import { randomUUID } from 'node:crypto';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow, type VersionRow } from '../store';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { listVersions } from './list-versions';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('listVersions', () => {
  const { trx } = rolledBackTransactions();

  const deps = () => dbOnlyFilesDeps(trx());
  const code = (error: { code: string }) => ({ code: error.code });

  /** A file with versions of these statuses, numbered from 1; `current` is its current version. */
  async function fileWithVersions(
    userId: string,
    statuses: VersionRow['status'][],
    current: number,
    fileStatus: FileRow['status'] = 'ready',
  ) {
    const file = await filesStore.insertFile(trx(), {
      id: randomUUID(),
      owner_id: userId,
      folder_id: null,
      name: `file-${randomUUID()}.bin`,
      content_type: 'text/plain',
      status: fileStatus,
      size: 0,
    });
    for (const [index, status] of statuses.entries()) {
      await filesStore.insertVersion(trx(), {
        file_id: file.id,
        version: index + 1,
        size: (index + 1) * 10,
        content_type: 'text/plain',
        sha256: null,
        expires_at: new Date(Date.now() + 3600_000),
      });
      await filesStore.updateVersion(trx(), file.id, index + 1, { status });
    }
    return filesStore.updateFile(trx(), file.id, { current_version: current });
  }

  it('returns the versions newest first and names the current one, even when it is not the newest', async () => {
    const userId = randomUUID();
    const file = await fileWithVersions(userId, ['ready', 'ready', 'ready'], 2);
    const { versions, current } = await listVersions({ deps: deps(), userId, fileId: file.id });
    expect(versions.map((version) => version.version)).toEqual([3, 2, 1]);
    expect(versions.map((version) => Number(version.size))).toEqual([30, 20, 10]);
    expect(current).toBe(2);
  });

  it('leaves failed versions out but keeps pending ones', async () => {
    const userId = randomUUID();
    const file = await fileWithVersions(userId, ['ready', 'failed', 'pending'], 1);
    const { versions } = await listVersions({ deps: deps(), userId, fileId: file.id });
    expect(versions.map((version) => [version.version, version.status])).toEqual([
      [3, 'pending'],
      [1, 'ready'],
    ]);
  });

  it('lists the versions of a file in the trash', async () => {
    const userId = randomUUID();
    const file = await fileWithVersions(userId, ['ready'], 1, 'trashed');
    const { versions } = await listVersions({ deps: deps(), userId, fileId: file.id });
    expect(versions.map((version) => version.version)).toEqual([1]);
  });

  it('answers file_not_found for another user’s file, a failed upload and an unknown id', async () => {
    const userId = randomUUID();
    const theirs = await fileWithVersions(randomUUID(), ['ready'], 1);
    const failed = await fileWithVersions(userId, ['failed'], 1, 'failed');
    for (const fileId of [theirs.id, failed.id, randomUUID()]) {
      await expect(listVersions({ deps: deps(), userId, fileId })).rejects.toMatchObject(
        code(FILES_ERRORS.fileNotFound()),
      );
    }
  });
});
