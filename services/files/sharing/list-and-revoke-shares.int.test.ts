import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { FILES_ERRORS } from '../errors';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { insertFile, insertFolder, shareEventsOf, verifiedAccount } from '../testing/share-fixtures';
import { createShare } from './create-share';
import { listShares } from './list-shares';
import { revokeShare } from './revoke-share';
import { SHARE_ERRORS } from './share-errors';

describe('listShares and revokeShare', () => {
  const { trx } = rolledBackTransactions();
  const deps = () => dbOnlyFilesDeps(trx());
  const code = (error: { code: string }) => ({ code: error.code });
  const attempt = <T>(work: (inner: Knex.Transaction) => Promise<T>) => trx().transaction(work);

  /** A folder owned by a new user, shared with a verified viewer and an unknown address. */
  async function sharedFolder() {
    const ownerId = randomUUID();
    const folder = await insertFolder(trx(), ownerId);
    const viewer = await verifiedAccount(trx());
    const toViewer = await createShare({
      deps: deps(),
      userId: ownerId,
      kind: 'folder',
      itemId: folder.id,
      email: viewer.email,
      role: 'viewer',
    });
    const toUnknown = await createShare({
      deps: deps(),
      userId: ownerId,
      kind: 'folder',
      itemId: folder.id,
      email: `${randomUUID()}@example.test`,
      role: 'editor',
    });
    return { ownerId, folder, viewer, toViewer, toUnknown };
  }

  it('lists an item’s live shares to its owner, oldest first', async () => {
    const { ownerId, folder, toViewer, toUnknown } = await sharedFolder();
    // Both were made in this test's transaction, at the same now(): make the second one older.
    await trx()
      .withSchema('files')
      .table('shares')
      .where({ id: toUnknown.id })
      .update({ created_at: new Date(Date.now() - 60_000) });
    const listed = await listShares({ deps: deps(), userId: ownerId, kind: 'folder', itemId: folder.id });
    expect(listed.map((share) => share.id)).toEqual([toUnknown.id, toViewer.id]);
  });

  it('refuses the list to a grantee (403) and to anyone else (404)', async () => {
    const { folder, viewer } = await sharedFolder();
    await expect(
      attempt((inner) =>
        listShares({
          deps: dbOnlyFilesDeps(inner),
          userId: viewer.userId,
          kind: 'folder',
          itemId: folder.id,
        }),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      attempt((inner) =>
        listShares({ deps: dbOnlyFilesDeps(inner), userId: randomUUID(), kind: 'folder', itemId: folder.id }),
      ),
    ).rejects.toMatchObject(code(FILES_ERRORS.folderNotFound()));
  });

  it('revokes a share once (share.revoked), again without change, and the list no longer has it', async () => {
    const { ownerId, folder, toViewer, toUnknown } = await sharedFolder();
    const revoke = () =>
      revokeShare({ deps: deps(), userId: ownerId, kind: 'folder', itemId: folder.id, shareId: toViewer.id });

    await revoke();
    const [row] = await trx().withSchema('files').table('shares').where({ id: toViewer.id });
    expect(row.revoked_at).toBeInstanceOf(Date);
    await revoke();
    const [again] = await trx().withSchema('files').table('shares').where({ id: toViewer.id });
    expect(again.revoked_at).toEqual(row.revoked_at);

    const revokedEvents = (await shareEventsOf(trx(), folder.id)).filter(
      (event) => event.type === 'share.revoked',
    );
    expect(revokedEvents).toHaveLength(1);
    expect(revokedEvents[0]).toMatchObject({
      actorUserId: ownerId,
      payload: { value: { shareId: toViewer.id } },
    });
    const listed = await listShares({ deps: deps(), userId: ownerId, kind: 'folder', itemId: folder.id });
    expect(listed.map((share) => share.id)).toEqual([toUnknown.id]);
  });

  it('answers share_not_found for a share of another item, an unknown id and a malformed one', async () => {
    const { ownerId, folder } = await sharedFolder();
    const other = await insertFile(trx(), ownerId);
    const otherShare = await createShare({
      deps: deps(),
      userId: ownerId,
      kind: 'file',
      itemId: other.id,
      email: 'x@example.test',
      role: 'viewer',
    });
    for (const shareId of [otherShare.id, randomUUID(), 'not-a-uuid'])
      await expect(
        attempt((inner) =>
          revokeShare({
            deps: dbOnlyFilesDeps(inner),
            userId: ownerId,
            kind: 'folder',
            itemId: folder.id,
            shareId,
          }),
        ),
      ).rejects.toMatchObject(code(SHARE_ERRORS.shareNotFound()));
    const [row] = await trx().withSchema('files').table('shares').where({ id: otherShare.id });
    expect(row.revoked_at).toBeNull();
  });

  it('refuses revoking to a grantee (403) and to anyone else (404), leaving the share live', async () => {
    const { folder, viewer, toViewer } = await sharedFolder();
    const by = (userId: string) =>
      attempt((inner) =>
        revokeShare({
          deps: dbOnlyFilesDeps(inner),
          userId,
          kind: 'folder',
          itemId: folder.id,
          shareId: toViewer.id,
        }),
      );
    await expect(by(viewer.userId)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(by(randomUUID())).rejects.toMatchObject(code(FILES_ERRORS.folderNotFound()));
    const [row] = await trx().withSchema('files').table('shares').where({ id: toViewer.id });
    expect(row.revoked_at).toBeNull();
  });
});
