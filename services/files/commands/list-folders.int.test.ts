import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import type { HandlerContext } from '@connectrpc/connect';
import { ListFoldersRequestSchema } from '../../../proto/gen/files/v1/files_pb.js';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { FILES_ERRORS } from '../errors';
import { createFilesHandlers } from '../handlers';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import type { FolderRow } from './folders';
import { listFolders, type ListFoldersProps } from './list-folders';

describe('listFolders', () => {
  const { trx } = rolledBackTransactions();
  let userId: string;

  beforeEach(() => {
    userId = randomUUID();
  });

  const insertFolder = async (
    name: string,
    fields: { parentId?: string; ownerId?: string; trashed?: boolean; createdAt?: Date } = {},
  ): Promise<string> => {
    const id = randomUUID();
    await trx()
      .withSchema('files')
      .table('folders')
      .insert({
        id,
        owner_id: fields.ownerId ?? userId,
        parent_id: fields.parentId ?? null,
        name,
        trashed_at: fields.trashed ? new Date() : null,
        ...(fields.createdAt ? { created_at: fields.createdAt } : {}),
      });
    return id;
  };
  const list = (props: Partial<Omit<ListFoldersProps, 'deps' | 'ownerId'>> = {}) =>
    listFolders({ deps: dbOnlyFilesDeps(trx()), ownerId: userId, parentId: null, limit: 50, ...props });
  const names = (folders: Array<Pick<FolderRow, 'name'>>) => folders.map((folder) => folder.name);

  /** Follows nextCursor to the end, as a client does. */
  async function allPages(props: Partial<Omit<ListFoldersProps, 'deps' | 'ownerId' | 'cursor'>>) {
    const seen: FolderRow[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const result = await list({ ...props, cursor });
      seen.push(...result.folders);
      pageSizes.push(result.folders.length);
      if (!result.nextCursor) return { seen, pageSizes };
      cursor = result.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  it('lists the owner’s root folders by name, not another user’s nor subfolders', async () => {
    const photos = await insertFolder('Photos');
    await insertFolder('Archive');
    await insertFolder('Inside', { parentId: photos });
    await insertFolder('Theirs', { ownerId: randomUUID() });
    const { folders, nextCursor } = await list();
    expect(names(folders)).toEqual(['Archive', 'Photos']);
    expect(nextCursor).toBeUndefined();
  });

  it('lists the folders directly in a parent, not deeper ones', async () => {
    const photos = await insertFolder('Photos');
    const y2025 = await insertFolder('2025', { parentId: photos });
    await insertFolder('2024', { parentId: photos });
    await insertFolder('January', { parentId: y2025 });
    expect(names((await list({ parentId: photos })).folders)).toEqual(['2024', '2025']);
    expect(names((await list({ parentId: y2025 })).folders)).toEqual(['January']);
  });

  it('leaves trashed folders out', async () => {
    await insertFolder('Kept');
    await insertFolder('Gone', { trashed: true });
    expect(names((await list()).folders)).toEqual(['Kept']);
  });

  it('searches a case-insensitive substring of the name, with % and _ matching themselves', async () => {
    await insertFolder('Holiday Photos');
    await insertFolder('photos-old');
    await insertFolder('Documents');
    await insertFolder('100% done');
    await insertFolder('1000 done');
    expect(names((await list({ query: 'PHOTO' })).folders)).toEqual(['Holiday Photos', 'photos-old']);
    expect(names((await list({ query: '0%' })).folders)).toEqual(['100% done']);
  });

  it('sorts by name and by creation time, both ways', async () => {
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    await insertFolder('b', { createdAt: new Date(base + 1000) });
    await insertFolder('a', { createdAt: new Date(base + 3000) });
    await insertFolder('c', { createdAt: new Date(base + 2000) });
    expect(names((await list({ sort: 'name' })).folders)).toEqual(['a', 'b', 'c']);
    expect(names((await list({ sort: '-name' })).folders)).toEqual(['c', 'b', 'a']);
    expect(names((await list({ sort: 'createdAt' })).folders)).toEqual(['b', 'c', 'a']);
    expect(names((await list({ sort: '-createdAt' })).folders)).toEqual(['a', 'c', 'b']);
  });

  it('rejects a sort a folder does not have', async () => {
    await expect(list({ sort: 'size' })).rejects.toMatchObject({ code: FILES_ERRORS.invalidSort().code });
  });

  it.each(['name', '-name', 'createdAt', '-createdAt'])(
    'pages through every folder once with cursors, sorted %s',
    async (sort) => {
      // Folders made in one transaction share its now(): equal times (to the
      // microsecond, which the cursor cannot carry) are ordered by id.
      const made = [];
      for (let index = 0; index < 7; index += 1) made.push(await insertFolder(`folder-${index}`));
      await insertFolder('trashed', { trashed: true });
      const { seen, pageSizes } = await allPages({ sort, limit: 3 });
      expect(pageSizes).toEqual([3, 3, 1]);
      expect(seen.map((folder) => folder.id).sort()).toEqual([...made].sort());
      const whole = (await list({ sort })).folders;
      expect(seen.map((folder) => folder.id)).toEqual(whole.map((folder) => folder.id));
    },
  );

  it('rejects a cursor made for another sort', async () => {
    for (let index = 0; index < 3; index += 1) await insertFolder(`folder-${index}`);
    const { nextCursor } = await list({ sort: 'name', limit: 1 });
    await expect(list({ sort: 'createdAt', cursor: nextCursor })).rejects.toMatchObject({
      code: FILES_ERRORS.invalidCursor().code,
    });
  });

  describe('through the service handler (the access gate)', () => {
    const handlers = () => createFilesHandlers(dbOnlyFilesDeps(trx()));
    /** The names the handler answers with, in order. */
    const call = async (callerId: string, parentId = '') => {
      const response = await handlers().listFolders(
        create(ListFoldersRequestSchema, { userId: callerId, parentId, limit: 50 }),
        {} as HandlerContext,
      );
      return response.folders ?? [];
    };
    const share = (ownerId: string, folderId: string, granteeId: string, role: 'viewer' | 'editor') =>
      trx()
        .withSchema('files')
        .table('shares')
        .insert({
          id: randomUUID(),
          item_kind: 'folder',
          item_id: folderId,
          owner_id: ownerId,
          grantee_email: `${randomUUID()}@example.test`,
          grantee_id: granteeId,
          role,
        });

    it('lists the caller’s own root without a parent', async () => {
      await insertFolder('Mine');
      await insertFolder('Theirs', { ownerId: randomUUID() });
      const folders = await call(userId);
      expect(folders.map((folder) => folder.name)).toEqual(['Mine']);
      expect(folders[0]).toMatchObject({ parentId: '' });
    });

    it('answers folder_not_found for another user’s parent, and for a trashed one', async () => {
      const other = randomUUID();
      const theirs = await insertFolder('Theirs', { ownerId: other });
      await insertFolder('Inside', { ownerId: other, parentId: theirs });
      await expect(call(userId, theirs)).rejects.toMatchObject({ code: 'folder_not_found' });
      const trashed = await insertFolder('Trashed', { trashed: true });
      await expect(call(userId, trashed)).rejects.toMatchObject({ code: 'folder_not_found' });
      await expect(call(userId, randomUUID())).rejects.toMatchObject({ code: 'folder_not_found' });
    });

    it.each(['viewer', 'editor'] as const)(
      'lists a shared folder’s subfolders for a %s, directly and through a folder above it',
      async (role) => {
        const owner = randomUUID();
        const shared = await insertFolder('Shared', { ownerId: owner });
        const album = await insertFolder('Album', { ownerId: owner, parentId: shared });
        await insertFolder('Raw', { ownerId: owner, parentId: album });
        await insertFolder('Edited', { ownerId: owner, parentId: album });
        await insertFolder('Gone', { ownerId: owner, parentId: album, trashed: true });
        await insertFolder('Private', { ownerId: owner });
        await share(owner, shared, userId, role);
        const direct = await call(userId, shared);
        expect(direct.map((folder) => folder.name)).toEqual(['Album']);
        const below = await call(userId, album);
        expect(below.map((folder) => folder.name)).toEqual(['Edited', 'Raw']);
        // The grantee's root stays their own: a share does not put the owner's folders there.
        expect(await call(userId)).toEqual([]);
      },
    );
  });
});
