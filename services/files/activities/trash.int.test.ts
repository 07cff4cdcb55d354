import { MockActivityEnvironment } from '@temporalio/testing';
import { startActivitiesHarness, type ActivitiesHarness } from './activities-harness';

const YEAR_MS = 365 * 86_400_000;

// The purge activity against the real Postgres, MinIO and services, in
// Temporal's mock activity context so its heartbeats are seen: one after the
// page's storage batch, one after its rows.
describe('the trash activities', () => {
  let harness: ActivitiesHarness;

  beforeAll(async () => {
    harness = await startActivitiesHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  async function readyFile(user: Awaited<ReturnType<ActivitiesHarness['newUser']>>, text: string) {
    const { fileId, input } = await harness.upload(user, Buffer.from(text));
    await harness.activities.commitUpload(input);
    const download = await user.call('GET', `/v1/files/${fileId}/download?redirect=false`);
    return { fileId, url: download.body.url as string };
  }

  /** `crashAfter`: the heartbeat that throws, as a worker dying at that point would stop the page. */
  async function purge(userId: string, limit: number, crashAfter?: number) {
    const environment = new MockActivityEnvironment();
    let heartbeats = 0;
    environment.on('heartbeat', () => {
      heartbeats += 1;
      if (heartbeats === crashAfter) throw new Error('the worker died here');
    });
    // Due a year from now: everything trashed is due, whatever the plan's retention.
    const dueBy = new Date(Date.now() + YEAR_MS).toISOString();
    const purgeDueFiles = () => harness.activities.purgeDueFiles({ userId, dueBy, limit });
    const page = await environment.run<[], { purged: number }, typeof purgeDueFiles>(purgeDueFiles);
    return { ...page, heartbeats };
  }

  const usageOf = async (userId: string) => {
    const usage = await harness.db('files.usage').where({ user_id: userId }).first();
    return {
      used: Number(usage.used_bytes),
      reserved: Number(usage.reserved_bytes),
      files: usage.file_count,
    };
  };

  it('purges due files a page at a time, and then finds nothing left', async () => {
    const user = await harness.newUser();
    const files = [
      await readyFile(user, 'first'),
      await readyFile(user, 'second'),
      await readyFile(user, 'third'),
    ];
    for (const { fileId } of files)
      expect((await user.call('DELETE', `/v1/files/${fileId}`)).status).toBe(202);

    expect(await purge(user.id, 2)).toEqual({ purged: 2, heartbeats: 2 });
    expect(await purge(user.id, 2)).toEqual({ purged: 1, heartbeats: 2 });
    expect(await purge(user.id, 2)).toEqual({ purged: 0, heartbeats: 0 });

    const ids = files.map(({ fileId }) => fileId);
    expect(await harness.db('files.files').whereIn('id', ids)).toEqual([]);
    for (const { url } of files) expect((await fetch(url)).status).toBe(404);
    const usage = await harness.db('files.usage').where({ user_id: user.id }).first();
    expect({ used: Number(usage.used_bytes), files: usage.file_count }).toEqual({ used: 0, files: 0 });
  });

  it('leaves a restored file alone', async () => {
    const user = await harness.newUser();
    const kept = await readyFile(user, 'restored before the timer fired');
    const gone = await readyFile(user, 'left in the trash');
    for (const { fileId } of [kept, gone])
      expect((await user.call('DELETE', `/v1/files/${fileId}`)).status).toBe(202);
    expect((await user.call('POST', `/v1/files/${kept.fileId}/restore`)).status).toBe(200);

    expect(await purge(user.id, 100)).toEqual({ purged: 1, heartbeats: 2 });
    expect((await user.call('GET', `/v1/files/${kept.fileId}`)).body.status).toBe('ready');
    expect((await fetch(kept.url)).status).toBe(200);
    expect((await user.call('GET', `/v1/files/${gone.fileId}`)).status).toBe(404);
  });

  it('resumes a page killed after its objects were deleted: the rows go and the quota is released exactly once', async () => {
    const user = await harness.newUser();
    const files = [await readyFile(user, 'one'), await readyFile(user, 'two')];
    for (const { fileId } of files)
      expect((await user.call('DELETE', `/v1/files/${fileId}`)).status).toBe(202);
    expect(await usageOf(user.id)).toEqual({ used: 6, reserved: 0, files: 2 });

    await expect(purge(user.id, 100, 1)).rejects.toThrow('the worker died here');
    for (const { url } of files) expect((await fetch(url)).status).toBe(404);
    const ids = files.map(({ fileId }) => fileId);
    expect(await harness.db('files.files').whereIn('id', ids)).toHaveLength(2);
    expect(await usageOf(user.id)).toEqual({ used: 6, reserved: 0, files: 2 });

    expect(await purge(user.id, 100)).toEqual({ purged: 2, heartbeats: 2 });
    expect(await purge(user.id, 100)).toEqual({ purged: 0, heartbeats: 0 });
    expect(await harness.db('files.files').whereIn('id', ids)).toEqual([]);
    expect(await usageOf(user.id)).toEqual({ used: 0, reserved: 0, files: 0 });
  });
});
