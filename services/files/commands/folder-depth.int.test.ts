import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { FILES_ERRORS } from '../errors';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { createFolder, updateFolder } from './folders';

describe('the maximum folder depth', () => {
  const { trx } = rolledBackTransactions();
  const MAX = 4;
  const deps = (db: Knex.Transaction = trx()) => {
    const base = dbOnlyFilesDeps(db);
    return { ...base, settings: { ...base.settings, maxFolderDepth: MAX } };
  };
  const tooDeep = { code: FILES_ERRORS.folderTooDeep(MAX).code };
  // Savepoint: a failing command must not poison the test's transaction.
  const attempt = <T>(work: (inner: Knex.Transaction) => Promise<T>) => trx().transaction(work);

  async function chain(userId: string, levels: number, parentId?: string): Promise<string[]> {
    const ids: string[] = [];
    for (let level = 0; level < levels; level += 1) {
      const folder = await createFolder({
        deps: deps(),
        userId,
        name: `level-${level}-${randomUUID()}`,
        parentId: ids.at(-1) ?? parentId,
      });
      ids.push(folder.id);
    }
    return ids;
  }

  it('is 64 levels unless MAX_FOLDER_DEPTH says otherwise', () => {
    expect(dbOnlyFilesDeps(trx()).settings.maxFolderDepth).toBe(64);
  });

  it('lets a folder be created at the last allowed level, and refuses one below it with folder_too_deep', async () => {
    const userId = randomUUID();
    const ids = await chain(userId, MAX);
    await expect(
      attempt((inner) =>
        createFolder({ deps: deps(inner), userId, name: 'one too many', parentId: ids.at(-1) }),
      ),
    ).rejects.toMatchObject(tooDeep);
    // Beside the deepest level there is still room.
    await expect(
      createFolder({ deps: deps(), userId, name: 'sibling', parentId: ids.at(-2) }),
    ).resolves.toBeDefined();
  });

  it('counts a moved folder with its subfolders: refused when the subtree would end too deep, allowed when it fits', async () => {
    const userId = randomUUID();
    const target = await chain(userId, 2); // depth 2
    const moved = await chain(userId, 3); // a subtree 3 levels high
    await expect(
      attempt((inner) =>
        updateFolder({ deps: deps(inner), userId, folderId: moved[0]!, parentId: target[1] }),
      ),
    ).rejects.toMatchObject(tooDeep);
    // Under the top of the target (depth 1), the subtree's deepest folder lands at level 4: allowed.
    await expect(
      updateFolder({ deps: deps(), userId, folderId: moved[0]!, parentId: target[0] }),
    ).resolves.toMatchObject({ parent_id: target[0] });
    // A rename or a move to the root never deepens anything.
    await expect(
      updateFolder({ deps: deps(), userId, folderId: moved[0]!, name: 'renamed', parentId: '' }),
    ).resolves.toMatchObject({ parent_id: null, name: 'renamed' });
  });

  it('leaves trashed subfolders out of a moved folder’s height', async () => {
    const userId = randomUUID();
    const target = await chain(userId, 3);
    const moved = await chain(userId, 2);
    await trx()
      .withSchema('files')
      .table('folders')
      .where({ id: moved[1] })
      .update({ trashed_at: trx().fn.now() });
    await expect(
      updateFolder({ deps: deps(), userId, folderId: moved[0]!, parentId: target[2] }),
    ).resolves.toMatchObject({ parent_id: target[2] });
  });
});
