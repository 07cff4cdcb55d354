import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { createLink } from './create-link';
import { isLinkActive } from './link-store';
import { listLinks } from './list-links';
import { revokeLink } from './revoke-link';
import { insertTestFile, shareFile, withCheapPasswords } from './testing';

describe('listLinks', () => {
  const { trx } = rolledBackTransactions();
  const deps = () => withCheapPasswords(dbOnlyFilesDeps(trx()));

  it('lists a file’s links newest first, revoked and used-up ones included, with whether each is active', async () => {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId);
    const other = await insertTestFile(trx(), ownerId, { name: 'other.pdf' });
    const create = (extra: Parameters<typeof createLink>[0] extends infer P ? Partial<P> : never) =>
      createLink({ deps: deps(), userId: ownerId, fileId: file.id, ...extra });
    const plain = await create({});
    const used = await create({ maxDownloads: 1 });
    const revoked = await create({ password: 'secret' });
    await createLink({ deps: deps(), userId: ownerId, fileId: other.id });
    // Spread the creation times so "newest first" is decided by them, not by chance.
    for (const [index, link] of [plain, used, revoked].entries())
      await trx()('files.links')
        .where({ id: link.link.id })
        .update({ created_at: new Date(Date.now() - (3 - index) * 1000) });
    await trx()('files.links').where({ id: used.link.id }).update({ downloads: 1 });
    await revokeLink({ deps: deps(), userId: ownerId, fileId: file.id, linkId: revoked.link.id });

    const links = await listLinks({ deps: deps(), userId: ownerId, fileId: file.id });
    expect(links.map((link) => link.id)).toEqual([revoked.link.id, used.link.id, plain.link.id]);
    expect(links.map((link) => isLinkActive(link))).toEqual([false, false, true]);
    expect(links[0]!.revoked_at).toBeInstanceOf(Date);
    expect(links[0]!.password_hash).not.toBeNull();
    expect(links[1]).toMatchObject({ max_downloads: 1, downloads: 1 });
    // The stored hash never leaves the store.
    for (const link of links) expect(link).not.toHaveProperty('token_hash');
  });

  it('counts an expired link as inactive', async () => {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId);
    const { link } = await createLink({ deps: deps(), userId: ownerId, fileId: file.id });
    await trx()('files.links')
      .where({ id: link.id })
      .update({ expires_at: new Date(Date.now() - 1000) });
    const [listed] = await listLinks({ deps: deps(), userId: ownerId, fileId: file.id });
    expect(isLinkActive(listed!)).toBe(false);
  });

  it('answers file_not_found to another user and forbidden to a grantee', async () => {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId);
    await createLink({ deps: deps(), userId: ownerId, fileId: file.id });
    await expect(listLinks({ deps: deps(), userId: randomUUID(), fileId: file.id })).rejects.toMatchObject({
      code: 'file_not_found',
    });
    const viewerId = randomUUID();
    await shareFile(trx(), file, viewerId, 'viewer');
    await expect(listLinks({ deps: deps(), userId: viewerId, fileId: file.id })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
