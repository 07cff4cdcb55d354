import type { CallerRole, ItemState } from '../../internal/authorization';
import type { Database, Transaction } from '../../internal/db';
import { runStatement, statement } from '../../internal/prepared-statements';
import type { FileRow } from '../store';

export type ItemKind = 'file' | 'folder';

/** The caller's relation to one item, and the item's state, as the rule table reads them. */
export interface ItemAccess {
  role: Extract<CallerRole, 'owner' | 'editor' | 'viewer' | 'otherUser'>;
  state: ItemState;
  /** The item's owner; undefined when the item does not exist. */
  ownerId?: string;
  /** The file's row, when the item is a file that exists: GET answers with it directly. */
  file?: FileRow;
}

// One round trip per check. The share lookup only runs for a caller who is not
// the owner (the CASE is evaluated lazily), so the owner's hot paths pay one
// primary-key read. A grantee's role is the strongest live share on the item
// itself or on any folder above it: the chain is walked up by primary key.
const shareRole = (itemCondition: string) => `
  (SELECT CASE WHEN bool_or(s.role = 'editor') THEN 'editor' WHEN count(*) > 0 THEN 'viewer' ELSE 'otherUser' END
     FROM files.shares s
    WHERE s.grantee_id = $2 AND s.revoked_at IS NULL AND s.owner_id = item.owner_id AND (${itemCondition}))`;

const FILE_ACCESS = statement(`
  WITH RECURSIVE item AS (SELECT * FROM files.files WHERE id = $1),
  chain (id, parent_id) AS (
    SELECT f.id, f.parent_id FROM files.folders f JOIN item ON f.id = item.folder_id WHERE item.owner_id <> $2
    UNION ALL
    SELECT f.id, f.parent_id FROM files.folders f JOIN chain ON f.id = chain.parent_id
  )
  SELECT item.*, CASE WHEN item.owner_id = $2 THEN 'owner' ELSE ${shareRole(
    `(s.item_kind = 'file' AND s.item_id = $1) OR (s.item_kind = 'folder' AND s.item_id IN (SELECT id FROM chain))`,
  )} END AS caller_role
  FROM item`);

const FOLDER_ACCESS = statement(`
  WITH RECURSIVE item AS (SELECT owner_id, trashed_at FROM files.folders WHERE id = $1),
  chain (id, parent_id) AS (
    SELECT f.id, f.parent_id FROM files.folders f JOIN item ON f.id = $1 WHERE item.owner_id <> $2
    UNION ALL
    SELECT f.id, f.parent_id FROM files.folders f JOIN chain ON f.id = chain.parent_id
  )
  SELECT item.owner_id, item.trashed_at, CASE WHEN item.owner_id = $2 THEN 'owner' ELSE ${shareRole(
    `s.item_kind = 'folder' AND s.item_id IN (SELECT id FROM chain)`,
  )} END AS caller_role
  FROM item`);

type FileAccessRow = FileRow & { caller_role: ItemAccess['role'] };
interface FolderAccessRow {
  owner_id: string;
  trashed_at: Date | null;
  caller_role: ItemAccess['role'];
}

const GONE: ItemAccess = { role: 'otherUser', state: 'purged' };

/** Who `callerId` is to the file or folder `itemId`, and what state it is in. */
export async function resolveAccess(
  db: Database | Transaction,
  callerId: string,
  kind: ItemKind,
  itemId: string,
): Promise<ItemAccess> {
  if (kind === 'file') {
    const [row] = await runStatement<FileAccessRow>(db, FILE_ACCESS, [itemId, callerId]);
    // A failed upload never became a file: for everyone it is as gone as a purged one.
    if (!row || row.status === 'failed') return GONE;
    const { caller_role: role, ...file } = row;
    const state: ItemState = row.status === 'ready' ? 'ready' : row.status;
    return { role, state, ownerId: row.owner_id, file };
  }
  const [row] = await runStatement<FolderAccessRow>(db, FOLDER_ACCESS, [itemId, callerId]);
  // A trashed folder is gone, not in a trash: its files went to the trash on
  // their own (each restorable), the folder itself has no restore. So it
  // answers as a purged item, to its owner too.
  if (!row || row.trashed_at) return GONE;
  return { role: row.caller_role, state: 'ready', ownerId: row.owner_id };
}
