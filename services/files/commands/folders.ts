import { randomUUID } from 'node:crypto';
import { isUniqueViolation, type Transaction } from '../../internal/db';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { assertDepthAllowed } from './folder-depth';

export interface FolderRow {
  id: string;
  owner_id: string;
  parent_id: string | null;
  name: string;
  trashed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const folders = (db: FilesDeps['db'] | Transaction) => db.withSchema('files').table('folders');

async function findFolder(
  db: FilesDeps['db'] | Transaction,
  userId: string,
  folderId: string,
): Promise<FolderRow> {
  const folder = (await folders(db)
    .where({ id: folderId, owner_id: userId })
    .whereNull('trashed_at')
    .first()) as FolderRow | undefined;
  if (!folder) throw FILES_ERRORS.folderNotFound();
  return folder;
}

async function nameConflictsAsErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw FILES_ERRORS.nameTaken();
    throw error;
  }
}

export async function createFolder(props: {
  deps: FilesDeps;
  userId: string;
  name: string;
  parentId?: string;
}): Promise<FolderRow> {
  const { deps, userId } = props;
  if (props.parentId) {
    await findFolder(deps.db, userId, props.parentId);
    await assertDepthAllowed(deps, deps.db, props.parentId, 1);
  }
  return nameConflictsAsErrors(async () => {
    const [row] = (await folders(deps.db)
      .insert({ id: randomUUID(), owner_id: userId, parent_id: props.parentId ?? null, name: props.name })
      .returning('*')) as FolderRow[];
    return row!;
  });
}

export async function getFolder(props: {
  deps: FilesDeps;
  userId: string;
  folderId: string;
}): Promise<FolderRow> {
  return findFolder(props.deps.db, props.userId, props.folderId);
}

/** Rename and move; a folder cannot move into itself or its own subtree, nor nest the tree too deep. */
export async function updateFolder(props: {
  deps: FilesDeps;
  userId: string;
  folderId: string;
  name?: string;
  parentId?: string;
}): Promise<FolderRow> {
  const { deps, userId, folderId } = props;
  return nameConflictsAsErrors(() =>
    deps.db.transaction(async (trx) => {
      await findFolder(trx, userId, folderId);
      const changes: Record<string, unknown> = {};
      if (props.name !== undefined) changes.name = props.name;
      if (props.parentId !== undefined) {
        if (props.parentId) {
          await findFolder(trx, userId, props.parentId);
          const subtree = await subtreeIds(trx, folderId);
          if (subtree.includes(props.parentId)) throw FILES_ERRORS.folderCycle();
          await assertDepthAllowed(deps, trx, props.parentId, { movedFolderId: folderId });
        }
        changes.parent_id = props.parentId || null;
      }
      if (Object.keys(changes).length === 0) return findFolder(trx, userId, folderId);
      const [row] = (await folders(trx)
        .where({ id: folderId })
        .update({ ...changes, updated_at: trx.fn.now() })
        .returning('*')) as FolderRow[];
      return row!;
    }),
  );
}

export async function subtreeIds(db: FilesDeps['db'] | Transaction, folderId: string): Promise<string[]> {
  const result = await db.raw<{ rows: Array<{ id: string }> }>(
    `WITH RECURSIVE tree AS (SELECT id FROM files.folders WHERE id = ? UNION ALL SELECT f.id FROM files.folders f JOIN tree t ON f.parent_id = t.id) SELECT id FROM tree`,
    [folderId],
  );
  return result.rows.map((row) => row.id);
}
