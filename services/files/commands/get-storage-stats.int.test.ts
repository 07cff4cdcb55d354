import { randomUUID } from 'node:crypto';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { getStorageStats } from './get-storage-stats';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('getStorageStats', () => {
  const { trx } = rolledBackTransactions();

  // A window long ago, so other tests' uploads (today) cannot fall into it.
  const now = new Date('2001-03-10T12:00:00Z');

  async function readyVersion(readyAt: string, status = 'ready') {
    const fileId = randomUUID();
    await trx()
      .withSchema('files')
      .table('files')
      .insert({
        id: fileId,
        owner_id: randomUUID(),
        name: `stats-${fileId}`,
        content_type: 'text/plain',
        size: 10,
        status: 'ready',
      });
    await trx()
      .withSchema('files')
      .table('file_versions')
      .insert({
        file_id: fileId,
        version: 1,
        size: 10,
        content_type: 'text/plain',
        status,
        expires_at: new Date(readyAt),
        ready_at: status === 'ready' ? new Date(readyAt) : null,
      });
  }

  it('counts ready uploads per UTC day over the window, oldest first, with zero days', async () => {
    await readyVersion('2001-03-10T00:00:00Z');
    await readyVersion('2001-03-10T23:59:59Z');
    await readyVersion('2001-03-08T05:00:00Z');
    await readyVersion('2001-03-07T23:59:59Z'); // before the window
    await readyVersion('2001-03-09T05:00:00Z', 'failed');
    const stats = await getStorageStats({ deps: dbOnlyFilesDeps(trx()), days: 3, now });
    expect(stats.uploadsPerDay).toEqual([
      { day: '2001-03-08', count: 1n },
      { day: '2001-03-09', count: 0n },
      { day: '2001-03-10', count: 2n },
    ]);
  });

  it('sums the bytes every user stores, beyond what a double holds', async () => {
    // One snapshot for the whole test: other tests' commits cannot change the sum between the reads.
    await trx().raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const before = (await getStorageStats({ deps: dbOnlyFilesDeps(trx()), days: 1, now })).bytesStored;
    const big = 2n ** 60n + 3n;
    await trx()
      .withSchema('files')
      .table('usage')
      .insert({ user_id: randomUUID(), used_bytes: big.toString() });
    const after = (await getStorageStats({ deps: dbOnlyFilesDeps(trx()), days: 1, now })).bytesStored;
    expect(after - before).toBe(big);
  });
});
