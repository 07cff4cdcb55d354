import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { createLink } from './create-link';
import { revokeLink } from './revoke-link';
import { insertTestFile, linkEventsOf, shareFile, withCheapPasswords } from './testing';

describe('revokeLink', () => {
  const { trx } = rolledBackTransactions();
  const deps = () => withCheapPasswords(dbOnlyFilesDeps(trx()));
  const revokedAt = async (id: string) =>
    ((await trx()('files.links').where({ id }).first()) as { revoked_at: Date | null }).revoked_at;

  it('revokes once, records link.revoked once, and succeeds again without changing anything', async () => {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId);
    const { link } = await createLink({ deps: deps(), userId: ownerId, fileId: file.id });
    await revokeLink({ deps: deps(), userId: ownerId, fileId: file.id, linkId: link.id });
    const first = await revokedAt(link.id);
    expect(first).toBeInstanceOf(Date);
    await revokeLink({ deps: deps(), userId: ownerId, fileId: file.id, linkId: link.id });
    expect(await revokedAt(link.id)).toEqual(first);
    const revoked = (await linkEventsOf(trx(), file.id)).filter(({ event }) => event.type === 'link.revoked');
    expect(revoked).toHaveLength(1);
    expect(revoked[0]!.event.actorUserId).toBe(ownerId);
    expect(revoked[0]!.event.payload).toMatchObject({
      case: 'linkRevoked',
      value: { linkId: link.id, fileId: file.id, ownerId },
    });
  });

  it('answers link_not_found for a link of another file, an unknown id and a malformed id', async () => {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId);
    const other = await insertTestFile(trx(), ownerId, { name: 'other.pdf' });
    const { link } = await createLink({ deps: deps(), userId: ownerId, fileId: other.id });
    for (const linkId of [link.id, randomUUID(), 'not-a-uuid'])
      await expect(
        revokeLink({ deps: deps(), userId: ownerId, fileId: file.id, linkId }),
      ).rejects.toMatchObject({
        code: 'link_not_found',
      });
    expect(await revokedAt(link.id)).toBeNull();
  });

  it('answers file_not_found to another user and forbidden to an editor, and leaves the link live', async () => {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId);
    const { link } = await createLink({ deps: deps(), userId: ownerId, fileId: file.id });
    await expect(
      revokeLink({ deps: deps(), userId: randomUUID(), fileId: file.id, linkId: link.id }),
    ).rejects.toMatchObject({ code: 'file_not_found' });
    const editorId = randomUUID();
    await shareFile(trx(), file, editorId, 'editor');
    await expect(
      revokeLink({ deps: deps(), userId: editorId, fileId: file.id, linkId: link.id }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await revokedAt(link.id)).toBeNull();
  });
});
