import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { FILES_ERRORS } from '../errors';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { insertFile, insertFolder, verifiedAccount } from '../testing/share-fixtures';
import { createShare } from './create-share';
import { listSharedWithMe } from './list-shared-with-me';

describe('listSharedWithMe', () => {
  const { trx } = rolledBackTransactions();
  const deps = () => dbOnlyFilesDeps(trx());
  const attempt = <T>(work: (inner: Knex.Transaction) => Promise<T>) => trx().transaction(work);
  const share = (ownerId: string, kind: 'file' | 'folder', itemId: string, email: string, role = 'viewer') =>
    createShare({ deps: deps(), userId: ownerId, kind, itemId, email, role });
  const list = (userId: string, options: Partial<Parameters<typeof listSharedWithMe>[0]> = {}) =>
    listSharedWithMe({ deps: deps(), userId, limit: 50, ...options });
  const names = (items: Awaited<ReturnType<typeof list>>['items']) =>
    items.map((item) => item.file?.name ?? item.folder?.name);

  it('lists live files and folders shared with the caller, with their role, and nothing else', async () => {
    const me = await verifiedAccount(trx());
    const ownerId = randomUUID();
    const report = await insertFile(trx(), ownerId, { name: 'report.pdf' });
    const photos = await insertFolder(trx(), ownerId, { name: 'Photos' });
    const pending = await insertFile(trx(), ownerId, { name: 'pending.bin', status: 'pending' });
    const trashedFile = await insertFile(trx(), ownerId, { name: 'trashed.bin', status: 'trashed' });
    const trashedFolder = await insertFolder(trx(), ownerId, { name: 'Old', trashed: true });
    const revoked = await insertFile(trx(), ownerId, { name: 'revoked.txt' });
    const toSomeoneElse = await insertFile(trx(), ownerId, { name: 'other.txt' });

    await share(ownerId, 'file', report.id, me.email, 'editor');
    await share(ownerId, 'folder', photos.id, me.email);
    const revokedShare = await share(ownerId, 'file', revoked.id, me.email);
    await trx()
      .withSchema('files')
      .table('shares')
      .where({ id: revokedShare.id })
      .update({ revoked_at: new Date() });
    await share(ownerId, 'file', toSomeoneElse.id, `${randomUUID()}@example.test`);
    // Shared while live, then gone from view: a pending upload, the trash.
    for (const [kind, id] of [
      ['file', pending.id],
      ['file', trashedFile.id],
      ['folder', trashedFolder.id],
    ] as const)
      await trx().withSchema('files').table('shares').insert({
        id: randomUUID(),
        item_kind: kind,
        item_id: id,
        owner_id: ownerId,
        grantee_email: me.email,
        grantee_id: me.userId,
        role: 'viewer',
      });

    const { items, nextCursor } = await list(me.userId);

    expect(nextCursor).toBeUndefined();
    expect(items).toEqual([
      {
        kind: 'folder',
        role: 'viewer',
        sharedAt: expect.any(Date),
        folder: expect.objectContaining({ id: photos.id }),
      },
      {
        kind: 'file',
        role: 'editor',
        sharedAt: expect.any(Date),
        file: expect.objectContaining({ id: report.id, status: 'ready' }),
      },
    ]);
    expect(names((await list(me.userId, { kind: 'file' })).items)).toEqual(['report.pdf']);
    expect(names((await list(me.userId, { kind: 'folder' })).items)).toEqual(['Photos']);
    // The owner sees none of this in their own shared-with-me.
    expect((await list(ownerId)).items).toEqual([]);
  });

  it('lists nothing for an address shared with but not verified by an account', async () => {
    const ownerId = randomUUID();
    const file = await insertFile(trx(), ownerId);
    const email = `${randomUUID()}@example.test`;
    await share(ownerId, 'file', file.id, email);
    // An account that registered the address but never verified it has no grantee_accounts row.
    expect((await list(randomUUID())).items).toEqual([]);
  });

  it('searches names case-insensitively, sorts and pages with a cursor', async () => {
    const me = await verifiedAccount(trx());
    const ownerId = randomUUID();
    for (const [name, size] of [
      ['beta report.txt', 30],
      ['alpha REPORT.txt', 10],
      ['gamma.txt', 20],
      ['delta_report.txt', 40],
    ] as const) {
      const file = await insertFile(trx(), ownerId, { name, size: String(size) });
      await share(ownerId, 'file', file.id, me.email);
    }
    const folder = await insertFolder(trx(), ownerId, { name: 'reports' });
    await share(ownerId, 'folder', folder.id, me.email);

    expect(names((await list(me.userId, { query: 'report' })).items)).toEqual([
      'alpha REPORT.txt',
      'beta report.txt',
      'delta_report.txt',
      'reports',
    ]);
    // `_` matches itself, not any character.
    expect(names((await list(me.userId, { query: 'a_r' })).items)).toEqual(['delta_report.txt']);
    expect(names((await list(me.userId, { kind: 'file', sort: '-size' })).items)).toEqual([
      'delta_report.txt',
      'beta report.txt',
      'gamma.txt',
      'alpha REPORT.txt',
    ]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(me.userId, { sort: 'size', limit: 2, cursor });
      seen.push(...names(page.items).map(String));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['reports', 'alpha REPORT.txt', 'gamma.txt', 'beta report.txt', 'delta_report.txt']);
  });

  it('refuses a cursor of another sort order and an unknown sort', async () => {
    const me = await verifiedAccount(trx());
    const ownerId = randomUUID();
    for (const name of ['a.txt', 'b.txt']) {
      const file = await insertFile(trx(), ownerId, { name });
      await share(ownerId, 'file', file.id, me.email);
    }
    const { nextCursor } = await list(me.userId, { limit: 1 });
    await expect(
      attempt((inner) =>
        listSharedWithMe({
          deps: dbOnlyFilesDeps(inner),
          userId: me.userId,
          limit: 1,
          cursor: nextCursor,
          sort: '-name',
        }),
      ),
    ).rejects.toMatchObject({ code: FILES_ERRORS.invalidCursor().code });
    await expect(
      attempt((inner) =>
        listSharedWithMe({ deps: dbOnlyFilesDeps(inner), userId: me.userId, limit: 1, sort: 'owner' }),
      ),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});
