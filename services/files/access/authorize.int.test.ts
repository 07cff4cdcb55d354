import { randomUUID } from 'node:crypto';
import { RULE_TABLE, type Operation } from '../../internal/authorization';
import type { Transaction } from '../../internal/db';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { filesStore, type FileStatus } from '../store';
import { authorizeItem } from './authorize';
import { authorizeCreation, authorizeUpdate } from './authorize-changes';
import { resolveAccess } from './resolve-role';

// Role resolution against a real database: shares found on the item and on
// folders above it, revocation, the strongest role, states. The full matrix
// over every route runs against the gateway in services/gateway/authorization.
describe('access to an item', () => {
  const { trx } = rolledBackTransactions();
  const owner = randomUUID();
  const grantee = randomUUID();

  async function folderChain(depth: number, ownerId = owner): Promise<string[]> {
    const ids: string[] = [];
    for (let level = 0; level < depth; level++) {
      const id = randomUUID();
      await trx()
        .withSchema('files')
        .table('folders')
        .insert({
          id,
          owner_id: ownerId,
          parent_id: ids.at(-1) ?? null,
          name: `level-${level}-${randomUUID()}`,
        });
      ids.push(id);
    }
    return ids;
  }
  const insertFile = (folderId: string | null, status: FileStatus = 'ready', ownerId = owner) =>
    filesStore.insertFile(trx() as Transaction, {
      id: randomUUID(),
      owner_id: ownerId,
      folder_id: folderId,
      name: `${randomUUID()}.txt`,
      content_type: 'text/plain',
      status,
      size: 3,
    });
  const share = (itemKind: 'file' | 'folder', itemId: string, role: 'viewer' | 'editor', fields = {}) =>
    trx()
      .withSchema('files')
      .table('shares')
      .insert({
        id: randomUUID(),
        item_kind: itemKind,
        item_id: itemId,
        owner_id: owner,
        grantee_email: `${randomUUID()}@example.test`,
        grantee_id: grantee,
        role,
        ...fields,
      });

  it('is the owner’s for their own file, and another user’s without a share', async () => {
    const file = await insertFile(null);
    expect(await resolveAccess(trx(), owner, 'file', file.id)).toMatchObject({
      role: 'owner',
      state: 'ready',
    });
    expect(await resolveAccess(trx(), grantee, 'file', file.id)).toMatchObject({ role: 'otherUser' });
  });

  it('reaches a file through a folder share three levels up, and a folder inside it', async () => {
    const chain = await folderChain(4);
    const file = await insertFile(chain[3]!);
    await share('folder', chain[0]!, 'viewer');
    expect(await resolveAccess(trx(), grantee, 'file', file.id)).toMatchObject({
      role: 'viewer',
      ownerId: owner,
    });
    expect(await resolveAccess(trx(), grantee, 'folder', chain[3]!)).toMatchObject({ role: 'viewer' });
    expect(await resolveAccess(trx(), grantee, 'folder', chain[0]!)).toMatchObject({ role: 'viewer' });
  });

  it('takes the strongest live share: editor over viewer, revoked ones not at all', async () => {
    const chain = await folderChain(2);
    const file = await insertFile(chain[1]!);
    await share('folder', chain[0]!, 'viewer');
    await share('file', file.id, 'editor', { revoked_at: new Date() });
    expect(await resolveAccess(trx(), grantee, 'file', file.id)).toMatchObject({ role: 'viewer' });
    await share('folder', chain[1]!, 'editor');
    expect(await resolveAccess(trx(), grantee, 'file', file.id)).toMatchObject({ role: 'editor' });
  });

  it('does not reach above the shared folder or into its siblings', async () => {
    const chain = await folderChain(3);
    const above = await insertFile(chain[0]!);
    await share('folder', chain[1]!, 'editor');
    expect(await resolveAccess(trx(), grantee, 'file', above.id)).toMatchObject({ role: 'otherUser' });
    expect(await resolveAccess(trx(), grantee, 'folder', chain[0]!)).toMatchObject({ role: 'otherUser' });
  });

  it('maps the file’s status to the table’s state; a failed upload is gone for everyone', async () => {
    for (const status of ['pending', 'ready', 'trashed'] as const) {
      const file = await insertFile(null, status);
      expect(await resolveAccess(trx(), owner, 'file', file.id)).toMatchObject({ state: status });
    }
    const failed = await insertFile(null, 'failed');
    expect(await resolveAccess(trx(), owner, 'file', failed.id)).toMatchObject({ state: 'purged' });
    expect(await resolveAccess(trx(), owner, 'file', randomUUID())).toMatchObject({ state: 'purged' });
  });

  it('answers as the rule table says, for every operation on a shared ready file', async () => {
    const chain = await folderChain(1);
    const file = await insertFile(chain[0]!);
    await share('folder', chain[0]!, 'viewer');
    for (const operation of Object.keys(RULE_TABLE.viewer.ready) as Operation[]) {
      const expected = RULE_TABLE.viewer.ready[operation];
      const answer = await authorizeItem(
        { db: trx() },
        { callerId: grantee, kind: 'file', itemId: file.id, operation },
      ).then(
        () => 'allowed',
        (error: { code: string }) => error.code,
      );
      expect({ operation, answer }).toEqual({
        operation,
        answer:
          expected === 'allowed' || expected === 409
            ? 'allowed'
            : expected === 403
              ? 'forbidden'
              : 'file_not_found',
      });
    }
  });

  it('lets an editor move only into folders shared with them as editor, never the owner’s root', async () => {
    const shared = await folderChain(2);
    const [elsewhere] = await folderChain(1);
    const file = await insertFile(shared[1]!);
    await share('folder', shared[0]!, 'editor');
    const move = (destinationFolderId: string) =>
      authorizeUpdate(
        { db: trx() },
        { callerId: grantee, kind: 'file', itemId: file.id, destinationFolderId },
      );
    await expect(move(shared[0]!)).resolves.toBe(owner);
    await expect(move('')).rejects.toMatchObject({ code: 'folder_not_found' });
    await expect(move(elsewhere!)).rejects.toMatchObject({ code: 'folder_not_found' });
    await expect(
      authorizeUpdate({ db: trx() }, { callerId: grantee, kind: 'file', itemId: file.id, starred: true }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('creates inside a shared folder as its owner, and at the caller’s own root otherwise', async () => {
    const [folder] = await folderChain(1);
    await share('folder', folder!, 'editor');
    expect(await authorizeCreation({ db: trx() }, grantee, folder)).toBe(owner);
    expect(await authorizeCreation({ db: trx() }, grantee, undefined)).toBe(grantee);
    const [viewerOnly] = await folderChain(1);
    await share('folder', viewerOnly!, 'viewer');
    await expect(authorizeCreation({ db: trx() }, grantee, viewerOnly)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
