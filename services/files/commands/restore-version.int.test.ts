import { randomUUID } from 'node:crypto';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow, type VersionRow } from '../store';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { listVersions } from './list-versions';
import { restoreVersion } from './restore-version';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('listVersions and restoreVersion', () => {
  const { trx } = rolledBackTransactions();

  const deps = () => dbOnlyFilesDeps(trx());
  const code = (error: { code: string }) => ({ code: error.code });

  /** A file whose versions have these sizes and statuses; the last ready one is current. */
  async function fileWithVersions(
    userId: string,
    versions: Array<{ size: number; contentType: string; status: VersionRow['status'] }>,
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
    let current = 1;
    for (const [index, version] of versions.entries()) {
      await filesStore.insertVersion(trx(), {
        file_id: file.id,
        version: index + 1,
        size: version.size,
        content_type: version.contentType,
        sha256: null,
        expires_at: new Date(Date.now() + 3600_000),
      });
      await filesStore.updateVersion(trx(), file.id, index + 1, { status: version.status });
      if (version.status === 'ready') current = index + 1;
    }
    const last = versions[current - 1]!;
    return filesStore.updateFile(trx(), file.id, {
      current_version: current,
      size: last.size,
      content_type: last.contentType,
    });
  }

  it('lists every version but failed ones, newest first, with the current one', async () => {
    const userId = randomUUID();
    const file = await fileWithVersions(userId, [
      { size: 10, contentType: 'text/plain', status: 'ready' },
      { size: 20, contentType: 'text/plain', status: 'failed' },
      { size: 30, contentType: 'text/markdown', status: 'ready' },
      { size: 40, contentType: 'text/plain', status: 'pending' },
    ]);
    const { versions, current } = await listVersions({ deps: deps(), userId, fileId: file.id });
    expect(versions.map((version) => [version.version, version.status])).toEqual([
      [4, 'pending'],
      [3, 'ready'],
      [1, 'ready'],
    ]);
    expect(current).toBe(3);
  });

  it('makes an older ready version current, with its size and type', async () => {
    const userId = randomUUID();
    const file = await fileWithVersions(userId, [
      { size: 10, contentType: 'text/plain', status: 'ready' },
      { size: 30, contentType: 'text/markdown', status: 'ready' },
    ]);
    const restored = await restoreVersion({ deps: deps(), userId, fileId: file.id, version: 1 });
    expect(restored).toMatchObject({ current_version: 1, size: '10', content_type: 'text/plain' });
    // Every version stays stored.
    expect((await listVersions({ deps: deps(), userId, fileId: file.id })).versions).toHaveLength(2);
  });

  it('refuses a pending, failed or unknown version with versionNotFound', async () => {
    const userId = randomUUID();
    const file = await fileWithVersions(userId, [
      { size: 10, contentType: 'text/plain', status: 'ready' },
      { size: 20, contentType: 'text/plain', status: 'failed' },
      { size: 30, contentType: 'text/plain', status: 'pending' },
    ]);
    for (const version of [2, 3, 9]) {
      await expect(restoreVersion({ deps: deps(), userId, fileId: file.id, version })).rejects.toMatchObject(
        code(FILES_ERRORS.versionNotFound()),
      );
    }
  });

  it('refuses another user’s file, and a file in the trash, with fileNotFound', async () => {
    const userId = randomUUID();
    const ready = [{ size: 10, contentType: 'text/plain', status: 'ready' as const }];
    const theirs = await fileWithVersions(randomUUID(), ready);
    const trashed = await fileWithVersions(userId, ready, 'trashed');
    await expect(listVersions({ deps: deps(), userId, fileId: theirs.id })).rejects.toMatchObject(
      code(FILES_ERRORS.fileNotFound()),
    );
    for (const fileId of [theirs.id, trashed.id]) {
      await expect(restoreVersion({ deps: deps(), userId, fileId, version: 1 })).rejects.toMatchObject(
        code(FILES_ERRORS.fileNotFound()),
      );
    }
  });
});
