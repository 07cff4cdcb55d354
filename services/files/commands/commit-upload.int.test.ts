import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { filesStore } from '../store';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { commitUpload } from './commit-upload';

describe('commitUpload', () => {
  const { trx } = rolledBackTransactions();

  const deps = () => dbOnlyFilesDeps(trx());
  const usage = async (userId: string) => {
    const row = await trx()('files.usage').where({ user_id: userId }).first();
    return { used: Number(row.used_bytes), reserved: Number(row.reserved_bytes), files: row.file_count };
  };
  const fileRow = (fileId: string) => trx()('files.files').where({ id: fileId }).first();
  const versionRow = (fileId: string, version: number) =>
    trx()('files.file_versions').where({ file_id: fileId, version }).first();

  /** What create-upload commits: a pending version (and for version 1 a pending file), its bytes reserved. */
  async function reserve(
    userId: string,
    size: number,
    fileId: string = randomUUID(),
    version = 1,
  ): Promise<string> {
    if (version === 1) {
      await filesStore.insertFile(trx(), {
        id: fileId,
        owner_id: userId,
        folder_id: null,
        name: `${fileId}.bin`,
        content_type: 'application/octet-stream',
        status: 'pending',
        size,
      });
    }
    await filesStore.insertVersion(trx(), {
      file_id: fileId,
      version,
      size,
      content_type: 'text/plain',
      sha256: null,
      expires_at: new Date(Date.now() + 3600_000),
    });
    await filesStore.lockUsage(trx(), userId, deps().usageCache);
    await filesStore.changeUsage(trx(), userId, { reserved: size });
    return fileId;
  }

  it('makes the version ready, turns the reservation into used bytes and records file.ready', async () => {
    const userId = randomUUID();
    const fileId = await reserve(userId, 100);

    expect(await commitUpload({ deps: deps(), userId, fileId, version: 1, size: 100 })).toBe(true);

    expect(await fileRow(fileId)).toMatchObject({
      status: 'ready',
      current_version: 1,
      content_type: 'text/plain',
    });
    expect(await versionRow(fileId, 1)).toMatchObject({ status: 'ready' });
    expect((await versionRow(fileId, 1)).ready_at).not.toBeNull();
    expect(await usage(userId)).toEqual({ used: 100, reserved: 0, files: 1 });
    const events = await trx()('files.outbox').where({ key: fileId });
    expect(events.map((event: { event_type: string }) => event.event_type)).toEqual([
      expect.stringMatching(/file.?ready/i),
    ]);
  });

  it('charges a replayed commit once: the replay answers false and changes nothing', async () => {
    const userId = randomUUID();
    const fileId = await reserve(userId, 100);
    expect(await commitUpload({ deps: deps(), userId, fileId, version: 1, size: 100 })).toBe(true);
    expect(await commitUpload({ deps: deps(), userId, fileId, version: 1, size: 100 })).toBe(false);
    expect(await usage(userId)).toEqual({ used: 100, reserved: 0, files: 1 });
    expect(await trx()('files.outbox').where({ key: fileId })).toHaveLength(1);
  });

  it('commits nothing for a version that already failed', async () => {
    const userId = randomUUID();
    const fileId = await reserve(userId, 100);
    await filesStore.settleVersion(trx(), fileId, 1, 'failed');
    expect(await commitUpload({ deps: deps(), userId, fileId, version: 1, size: 100 })).toBe(false);
    expect(await usage(userId)).toEqual({ used: 0, reserved: 100, files: 0 });
    expect(await trx()('files.outbox').where({ key: fileId })).toEqual([]);
  });

  it('commits a new version without counting a second file, and leaves a file trashed meanwhile in the trash', async () => {
    const userId = randomUUID();
    const fileId = await reserve(userId, 100);
    await commitUpload({ deps: deps(), userId, fileId, version: 1, size: 100 });
    await reserve(userId, 30, fileId, 2);
    await filesStore.updateFile(trx(), fileId, { status: 'trashed', trashed_at: new Date() });

    expect(await commitUpload({ deps: deps(), userId, fileId, version: 2, size: 30 })).toBe(true);

    expect(await fileRow(fileId)).toMatchObject({ status: 'trashed', current_version: 2 });
    expect(Number((await fileRow(fileId)).size)).toBe(30);
    expect(await usage(userId)).toEqual({ used: 130, reserved: 0, files: 1 });
  });
});
