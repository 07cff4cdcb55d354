import type { Transaction } from '../../internal/db';
import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';

type Db = FilesDeps['db'] | Transaction;

/** Folders on the chain from `folderId` up to the root, itself included (a root folder: 1). */
async function folderDepth(db: Db, folderId: string): Promise<number> {
  const result = await db.raw<{ rows: Array<{ depth: number | null }> }>(
    `WITH RECURSIVE chain AS (
       SELECT id, parent_id, 1 AS depth FROM files.folders WHERE id = ?
       UNION ALL
       SELECT f.id, f.parent_id, chain.depth + 1 FROM files.folders f JOIN chain ON f.id = chain.parent_id
     ) SELECT max(depth)::int AS depth FROM chain`,
    [folderId],
  );
  return result.rows[0]?.depth ?? 0;
}

/** Levels of live folders from `folderId` down, itself included (no subfolders: 1). */
async function subtreeHeight(db: Db, folderId: string): Promise<number> {
  const result = await db.raw<{ rows: Array<{ height: number | null }> }>(
    `WITH RECURSIVE tree AS (
       SELECT id, 1 AS level FROM files.folders WHERE id = ?
       UNION ALL
       SELECT f.id, tree.level + 1 FROM files.folders f JOIN tree ON f.parent_id = tree.id WHERE f.trashed_at IS NULL
     ) SELECT max(level)::int AS height FROM tree`,
    [folderId],
  );
  return result.rows[0]?.height ?? 1;
}

/**
 * Refuses to put `levels` of folders (a new folder: 1; a moved one: its
 * subtree's height) under `parentId` when the tree would then be deeper than
 * MAX_FOLDER_DEPTH: access checks and trash walk these chains recursively.
 */
export async function assertDepthAllowed(
  deps: FilesDeps,
  db: Db,
  parentId: string,
  levels: number | { movedFolderId: string },
): Promise<void> {
  const max = deps.settings.maxFolderDepth;
  const added = typeof levels === 'number' ? levels : await subtreeHeight(db, levels.movedFolderId);
  if ((await folderDepth(db, parentId)) + added > max) throw FILES_ERRORS.folderTooDeep(max);
}
