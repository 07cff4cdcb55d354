import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { FILES_ERRORS } from '../errors';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { createFolder, getFolder, updateFolder } from './folders';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('folder commands', () => {
  const { trx } = rolledBackTransactions();

  const deps = () => dbOnlyFilesDeps(trx());
  const code = (error: { code: string }) => ({ code: error.code });
  // Savepoint: a failing command must not poison the test's transaction.
  const attempt = <T>(work: (inner: Knex.Transaction) => Promise<T>) => trx().transaction(work);

  describe('createFolder', () => {
    it('creates a folder at the root or in one of the user’s folders', async () => {
      const userId = randomUUID();
      const root = await createFolder({ deps: deps(), userId, name: 'Photos' });
      const child = await createFolder({ deps: deps(), userId, name: '2026', parentId: root.id });
      expect(root).toMatchObject({ owner_id: userId, parent_id: null, name: 'Photos', trashed_at: null });
      expect(child).toMatchObject({ owner_id: userId, parent_id: root.id, name: '2026' });
    });

    it('refuses a name taken in the same parent with nameTaken, but not in another parent or for another user', async () => {
      const userId = randomUUID();
      const root = await createFolder({ deps: deps(), userId, name: 'Photos' });
      await expect(
        attempt((inner) => createFolder({ deps: dbOnlyFilesDeps(inner), userId, name: 'Photos' })),
      ).rejects.toMatchObject(code(FILES_ERRORS.nameTaken()));
      await expect(
        createFolder({ deps: deps(), userId, name: 'Photos', parentId: root.id }),
      ).resolves.toBeDefined();
      await expect(
        createFolder({ deps: deps(), userId: randomUUID(), name: 'Photos' }),
      ).resolves.toBeDefined();
    });

    it('lets a trashed folder’s name be used again', async () => {
      const userId = randomUUID();
      const old = await createFolder({ deps: deps(), userId, name: 'Old' });
      await trx()
        .withSchema('files')
        .table('folders')
        .where({ id: old.id })
        .update({ trashed_at: trx().fn.now() });
      await expect(createFolder({ deps: deps(), userId, name: 'Old' })).resolves.toMatchObject({
        name: 'Old',
      });
    });

    it('refuses another user’s folder, or a trashed one, as the parent with folderNotFound', async () => {
      const owner = randomUUID();
      const theirs = await createFolder({ deps: deps(), userId: owner, name: 'Private' });
      await expect(
        createFolder({ deps: deps(), userId: randomUUID(), name: 'Mine', parentId: theirs.id }),
      ).rejects.toMatchObject(code(FILES_ERRORS.folderNotFound()));
      await trx()
        .withSchema('files')
        .table('folders')
        .where({ id: theirs.id })
        .update({ trashed_at: trx().fn.now() });
      await expect(
        createFolder({ deps: deps(), userId: owner, name: 'Inside', parentId: theirs.id }),
      ).rejects.toMatchObject(code(FILES_ERRORS.folderNotFound()));
    });
  });

  describe('getFolder', () => {
    it('finds the user’s own folder and nobody else’s', async () => {
      const userId = randomUUID();
      const folder = await createFolder({ deps: deps(), userId, name: 'Docs' });
      expect(await getFolder({ deps: deps(), userId, folderId: folder.id })).toEqual(folder);
      await expect(
        getFolder({ deps: deps(), userId: randomUUID(), folderId: folder.id }),
      ).rejects.toMatchObject(code(FILES_ERRORS.folderNotFound()));
    });
  });

  describe('updateFolder', () => {
    it('renames, moves into another folder and back to the root', async () => {
      const userId = randomUUID();
      const a = await createFolder({ deps: deps(), userId, name: 'A' });
      const b = await createFolder({ deps: deps(), userId, name: 'B' });
      const renamed = await updateFolder({ deps: deps(), userId, folderId: b.id, name: 'Bee' });
      expect(renamed).toMatchObject({ name: 'Bee', parent_id: null });
      expect(renamed.updated_at.getTime()).toBeGreaterThanOrEqual(b.updated_at.getTime());
      expect(await updateFolder({ deps: deps(), userId, folderId: b.id, parentId: a.id })).toMatchObject({
        parent_id: a.id,
      });
      expect(await updateFolder({ deps: deps(), userId, folderId: b.id, parentId: '' })).toMatchObject({
        parent_id: null,
      });
    });

    it('refuses a move into the folder itself or anywhere in its subtree with folderCycle', async () => {
      const userId = randomUUID();
      const top = await createFolder({ deps: deps(), userId, name: 'Top' });
      const middle = await createFolder({ deps: deps(), userId, name: 'Middle', parentId: top.id });
      const bottom = await createFolder({ deps: deps(), userId, name: 'Bottom', parentId: middle.id });
      for (const target of [top, middle, bottom]) {
        await expect(
          attempt((inner) =>
            updateFolder({ deps: dbOnlyFilesDeps(inner), userId, folderId: top.id, parentId: target.id }),
          ),
        ).rejects.toMatchObject(code(FILES_ERRORS.folderCycle()));
      }
      expect((await getFolder({ deps: deps(), userId, folderId: top.id })).parent_id).toBeNull();
    });

    it('refuses a rename onto a sibling’s name with nameTaken and changes nothing', async () => {
      const userId = randomUUID();
      await createFolder({ deps: deps(), userId, name: 'Taken' });
      const other = await createFolder({ deps: deps(), userId, name: 'Other' });
      await expect(
        attempt((inner) =>
          updateFolder({ deps: dbOnlyFilesDeps(inner), userId, folderId: other.id, name: 'Taken' }),
        ),
      ).rejects.toMatchObject(code(FILES_ERRORS.nameTaken()));
      expect((await getFolder({ deps: deps(), userId, folderId: other.id })).name).toBe('Other');
    });

    it('refuses another user’s folder, as the folder or as the new parent, with folderNotFound', async () => {
      const userId = randomUUID();
      const mine = await createFolder({ deps: deps(), userId, name: 'Mine' });
      const theirs = await createFolder({ deps: deps(), userId: randomUUID(), name: 'Theirs' });
      await expect(
        attempt((inner) =>
          updateFolder({ deps: dbOnlyFilesDeps(inner), userId, folderId: theirs.id, name: 'Stolen' }),
        ),
      ).rejects.toMatchObject(code(FILES_ERRORS.folderNotFound()));
      await expect(
        attempt((inner) =>
          updateFolder({ deps: dbOnlyFilesDeps(inner), userId, folderId: mine.id, parentId: theirs.id }),
        ),
      ).rejects.toMatchObject(code(FILES_ERRORS.folderNotFound()));
    });

    it('returns the folder unchanged when nothing is asked', async () => {
      const userId = randomUUID();
      const folder = await createFolder({ deps: deps(), userId, name: 'Same' });
      expect(await updateFolder({ deps: deps(), userId, folderId: folder.id })).toEqual(folder);
    });
  });
});
