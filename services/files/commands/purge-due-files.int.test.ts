import { randomUUID } from 'node:crypto';
import { filesStore, type VersionRow } from '../store';
import { platformFilesDeps } from '../testing/platform-deps';
import { purgeDueFiles } from './purge-due-files';

const HOUR_MS = 3600_000;

// The real storage service deletes the (absent) objects over gRPC; the rows,
// usage and outbox live in a rolled-back transaction.
describe('purgeDueFiles', () => {
  const { db, deps, trx } = platformFilesDeps();

  /** A trashed file due at `purgeAt`, with versions of these sizes and statuses, counted in the usage. */
  async function trashedFile(
    userId: string,
    purgeAt: Date,
    versions: Array<{ size: number; status: VersionRow['status'] }>,
  ) {
    const file = await filesStore.insertFile(trx(), {
      id: randomUUID(),
      owner_id: userId,
      folder_id: null,
      name: `file-${randomUUID()}.bin`,
      content_type: 'application/octet-stream',
      status: 'trashed',
      size: 0,
    });
    await filesStore.updateFile(trx(), file.id, { trashed_at: new Date(), purge_at: purgeAt });
    for (const [index, version] of versions.entries()) {
      await filesStore.insertVersion(trx(), {
        file_id: file.id,
        version: index + 1,
        size: version.size,
        content_type: 'application/octet-stream',
        sha256: null,
        expires_at: new Date(Date.now() + HOUR_MS),
      });
      await filesStore.updateVersion(trx(), file.id, index + 1, { status: version.status });
    }
    const used = versions.filter((v) => v.status === 'ready').reduce((sum, v) => sum + v.size, 0);
    const reserved = versions.filter((v) => v.status === 'pending').reduce((sum, v) => sum + v.size, 0);
    await trx()
      .withSchema('files')
      .table('usage')
      .insert({ user_id: userId, used_bytes: used, reserved_bytes: reserved, file_count: 1 })
      .onConflict('user_id')
      .merge({
        used_bytes: trx().raw('files.usage.used_bytes + ?', [used]),
        reserved_bytes: trx().raw('files.usage.reserved_bytes + ?', [reserved]),
        file_count: trx().raw('files.usage.file_count + 1'),
      });
    return file;
  }
  const exists = async (fileId: string) =>
    (await trx().withSchema('files').table('files').where({ id: fileId }).first()) !== undefined;
  const usageOf = async (userId: string) => {
    const row = await trx().withSchema('files').table('usage').where({ user_id: userId }).first();
    return { used: Number(row.used_bytes), reserved: Number(row.reserved_bytes), files: row.file_count };
  };

  it('deletes due files with their versions, releases their bytes and enqueues file.purged for each', async () => {
    const userId = randomUUID();
    const due = await trashedFile(userId, new Date(Date.now() - HOUR_MS), [
      { size: 100, status: 'ready' },
      { size: 40, status: 'pending' },
      { size: 7, status: 'failed' },
    ]);
    const notYet = await trashedFile(userId, new Date(Date.now() + HOUR_MS), [{ size: 5, status: 'ready' }]);
    let progress = 0;

    const page = await purgeDueFiles({
      deps: deps(),
      userId,
      dueBy: new Date(),
      limit: 10,
      onProgress: () => (progress += 1),
    });

    expect(page).toEqual({ purged: 1 });
    // One storage request for the page's three objects, then the rows.
    expect(progress).toBe(2);
    expect(await exists(due.id)).toBe(false);
    expect(await trx().withSchema('files').table('file_versions').where({ file_id: due.id })).toEqual([]);
    expect(await exists(notYet.id)).toBe(true);
    expect(await usageOf(userId)).toEqual({ used: 5, reserved: 0, files: 1 });
    const events = await trx().withSchema('files').table('outbox').where({ key: due.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event_type: expect.stringMatching(/purged/i) });
  });

  it('takes at most `limit` files, the earliest due first', async () => {
    const userId = randomUUID();
    const first = await trashedFile(userId, new Date(Date.now() - 3 * HOUR_MS), [
      { size: 1, status: 'ready' },
    ]);
    const second = await trashedFile(userId, new Date(Date.now() - 2 * HOUR_MS), [
      { size: 2, status: 'ready' },
    ]);
    const third = await trashedFile(userId, new Date(Date.now() - HOUR_MS), [{ size: 3, status: 'ready' }]);

    expect(await purgeDueFiles({ deps: deps(), userId, dueBy: new Date(), limit: 2 })).toEqual({ purged: 2 });
    expect([await exists(first.id), await exists(second.id), await exists(third.id)]).toEqual([
      false,
      false,
      true,
    ]);
    expect(await purgeDueFiles({ deps: deps(), userId, dueBy: new Date(), limit: 2 })).toEqual({ purged: 1 });
    expect(await purgeDueFiles({ deps: deps(), userId, dueBy: new Date(), limit: 2 })).toEqual({ purged: 0 });
    expect(await usageOf(userId)).toEqual({ used: 0, reserved: 0, files: 0 });
  });

  it('answers busy and purges nothing while another purge holds the user’s lock', async () => {
    const userId = randomUUID();
    const due = await trashedFile(userId, new Date(Date.now() - HOUR_MS), [{ size: 10, status: 'ready' }]);
    const other = await db.transaction();
    try {
      await other.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`files.purge:${userId}`]);
      expect(await purgeDueFiles({ deps: deps(), userId, dueBy: new Date(), limit: 10 })).toEqual({
        purged: 0,
        busy: true,
      });
    } finally {
      await other.rollback();
    }
    expect(await exists(due.id)).toBe(true);
  });
});
