import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { FILES_ERRORS } from '../errors';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { insertFile, insertFolder, shareEventsOf, verifiedAccount } from '../testing/share-fixtures';
import { createShare } from './create-share';
import { createShareHandlers } from './handlers';
import { SHARE_ERRORS } from './share-errors';

describe('createShare', () => {
  const { trx } = rolledBackTransactions();
  const deps = () => dbOnlyFilesDeps(trx());
  const code = (error: { code: string }) => ({ code: error.code });
  // Savepoint: a failing command must not poison the test's transaction.
  const attempt = <T>(work: (inner: Knex.Transaction) => Promise<T>) => trx().transaction(work);
  const share = (props: {
    userId: string;
    kind?: 'file' | 'folder';
    itemId: string;
    email: string;
    role?: string;
  }) =>
    attempt((inner) => createShare({ deps: dbOnlyFilesDeps(inner), kind: 'file', role: 'viewer', ...props }));
  const sharesOf = (itemId: string) => trx().withSchema('files').table('shares').where({ item_id: itemId });

  it('shares a file with an address nobody has verified: stored trimmed and lower-cased, unclaimed, share.created recorded', async () => {
    const ownerId = randomUUID();
    const file = await insertFile(trx(), ownerId);
    const email = `Someone-${randomUUID()}@Example.TEST`;

    const created = await share({ userId: ownerId, itemId: file.id, email: `  ${email} `, role: 'editor' });

    expect(created).toMatchObject({
      item_kind: 'file',
      item_id: file.id,
      owner_id: ownerId,
      grantee_email: email.toLowerCase(),
      grantee_id: null,
      role: 'editor',
      revoked_at: null,
    });
    const [event, ...others] = await shareEventsOf(trx(), file.id);
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      type: 'share.created',
      actorUserId: ownerId,
      payload: {
        case: 'shareCreated',
        value: {
          shareId: created.id,
          itemKind: 'file',
          itemId: file.id,
          granteeEmail: email.toLowerCase(),
          role: 'editor',
        },
      },
    });
  });

  it('claims the share at once for a verified address, and answers exactly as for an unknown one', async () => {
    const ownerId = randomUUID();
    const file = await insertFile(trx(), ownerId);
    const grantee = await verifiedAccount(trx());
    const handlers = createShareHandlers(deps());
    const ask = (email: string) =>
      handlers.createShare(
        { userId: ownerId, itemKind: 'file', itemId: file.id, email, role: 'viewer' } as never,
        {} as never,
      );

    const known = await ask(grantee.email);
    const unknown = await ask(`${randomUUID()}@example.test`);

    const [knownRow] = await trx().withSchema('files').table('shares').where({ id: known.share!.id });
    expect(knownRow.grantee_id).toBe(grantee.userId);
    // The answer carries no trace of the account: the same fields, alike but for id, address and time.
    const shape = (answer: typeof known) => {
      const { id, email, createdAt, ...rest } = answer.share!;
      return { ...rest, id: typeof id, email: typeof email, createdAt: typeof createdAt };
    };
    expect(shape(known)).toEqual(shape(unknown));
    expect(Object.keys(known.share!).sort()).toEqual(Object.keys(unknown.share!).sort());
  });

  it('shares a folder', async () => {
    const ownerId = randomUUID();
    const folder = await insertFolder(trx(), ownerId);
    const created = await share({
      userId: ownerId,
      kind: 'folder',
      itemId: folder.id,
      email: 'a@example.test',
    });
    expect(created).toMatchObject({ item_kind: 'folder', item_id: folder.id });
  });

  it('sharing again with the same address changes the role of the same share (share.role_changed), once', async () => {
    const ownerId = randomUUID();
    const file = await insertFile(trx(), ownerId);
    const email = `${randomUUID()}@example.test`;
    const first = await share({ userId: ownerId, itemId: file.id, email, role: 'viewer' });
    const changed = await share({
      userId: ownerId,
      itemId: file.id,
      email: email.toUpperCase(),
      role: 'editor',
    });
    const unchanged = await share({ userId: ownerId, itemId: file.id, email, role: 'editor' });

    expect(changed).toMatchObject({ id: first.id, role: 'editor' });
    expect(unchanged).toMatchObject({ id: first.id, role: 'editor' });
    expect(await sharesOf(file.id)).toHaveLength(1);
    const types = (await shareEventsOf(trx(), file.id)).map((event) => event.type).sort();
    expect(types).toEqual(['share.created', 'share.role_changed']);
    const roleChanged = (await shareEventsOf(trx(), file.id)).find(
      (event) => event.type === 'share.role_changed',
    );
    expect(roleChanged?.payload.value).toMatchObject({ previousRole: 'viewer', role: 'editor' });
  });

  it('a revoked share does not stand in the way of a new one', async () => {
    const ownerId = randomUUID();
    const file = await insertFile(trx(), ownerId);
    const first = await share({ userId: ownerId, itemId: file.id, email: 'b@example.test' });
    await trx()
      .withSchema('files')
      .table('shares')
      .where({ id: first.id })
      .update({ revoked_at: new Date() });
    const second = await share({ userId: ownerId, itemId: file.id, email: 'b@example.test' });
    expect(second.id).not.toBe(first.id);
  });

  it('refuses the owner’s own verified address, a malformed address and an unknown role (400)', async () => {
    const owner = await verifiedAccount(trx());
    const file = await insertFile(trx(), owner.userId);
    await expect(share({ userId: owner.userId, itemId: file.id, email: owner.email })).rejects.toMatchObject(
      code(SHARE_ERRORS.sharedWithOwner()),
    );
    for (const email of ['', 'not-an-address', 'a b@example.test', 'a@b'])
      await expect(share({ userId: owner.userId, itemId: file.id, email })).rejects.toMatchObject({
        code: 'invalid_argument',
      });
    await expect(
      share({ userId: owner.userId, itemId: file.id, email: 'c@example.test', role: 'owner' }),
    ).rejects.toMatchObject(code(SHARE_ERRORS.invalidRole()));
    expect(await sharesOf(file.id)).toEqual([]);
  });

  it('another user gets 404; a grantee, even an editor, gets 403; a trashed item is 404 to its owner', async () => {
    const ownerId = randomUUID();
    const folder = await insertFolder(trx(), ownerId);
    const file = await insertFile(trx(), ownerId, { folder_id: folder.id });
    const editor = await verifiedAccount(trx());
    await share({ userId: ownerId, kind: 'folder', itemId: folder.id, email: editor.email, role: 'editor' });

    await expect(
      share({ userId: randomUUID(), itemId: file.id, email: 'd@example.test' }),
    ).rejects.toMatchObject(code(FILES_ERRORS.fileNotFound()));
    await expect(
      share({ userId: editor.userId, itemId: file.id, email: 'd@example.test' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    const trashed = await insertFile(trx(), ownerId, { status: 'trashed' });
    await expect(
      share({ userId: ownerId, itemId: trashed.id, email: 'd@example.test' }),
    ).rejects.toMatchObject(code(FILES_ERRORS.fileNotFound()));
    await expect(
      share({ userId: ownerId, kind: 'folder', itemId: randomUUID(), email: 'd@example.test' }),
    ).rejects.toMatchObject(code(FILES_ERRORS.folderNotFound()));
  });
});
