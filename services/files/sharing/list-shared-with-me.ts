import type { FilesDeps } from '../deps';
import type { ItemKind } from '../access/resolve-role';
import type { FolderRow } from '../commands/folders';
import { pageOf, paginate, parseSort, whereNameContains, type SortOrder } from '../listing';
import type { FileRow } from '../store';
import type { ShareRole } from './shares-store';

export interface SharedItem {
  kind: ItemKind;
  role: ShareRole;
  sharedAt: Date;
  file?: FileRow;
  folder?: FolderRow;
}

interface SharedRow {
  kind: ItemKind;
  id: string;
  name: string;
  size: string;
  created_at: Date;
  role: ShareRole;
  shared_at: Date;
}

const DEFAULT_ORDER: SortOrder = { field: 'name', descending: false };

// One row per live share addressed to the caller whose item is live: a ready
// file or an untrashed folder, still owned by whoever shared it (never the
// caller). The columns are named as listing.ts sorts and pages them; a
// folder's size is 0.
const FILE_SHARES = `
  SELECT 'file' AS kind, f.id, f.name, f.size, f.created_at, s.role, s.created_at AS shared_at
    FROM files.shares s JOIN files.files f ON f.id = s.item_id AND f.owner_id = s.owner_id
   WHERE s.item_kind = 'file' AND s.grantee_id = ? AND s.revoked_at IS NULL
     AND f.status = 'ready' AND f.owner_id <> ?`;
const FOLDER_SHARES = `
  SELECT 'folder' AS kind, d.id, d.name, 0::bigint AS size, d.created_at, s.role, s.created_at AS shared_at
    FROM files.shares s JOIN files.folders d ON d.id = s.item_id AND d.owner_id = s.owner_id
   WHERE s.item_kind = 'folder' AND s.grantee_id = ? AND s.revoked_at IS NULL
     AND d.trashed_at IS NULL AND d.owner_id <> ?`;

/**
 * GET /v1/shared-with-me (and GET /v1/files?sharedWithMe=true, files only):
 * the items shared with the caller directly (their contents are reached
 * through them), sorted, searched and paged like GET /v1/files.
 */
export async function listSharedWithMe(props: {
  deps: Pick<FilesDeps, 'db'>;
  userId: string;
  /** Only files or only folders; both when absent. */
  kind?: ItemKind;
  query?: string;
  sort?: string;
  limit: number;
  cursor?: string;
}): Promise<{ items: SharedItem[]; nextCursor?: string }> {
  const { db } = props.deps;
  const order = parseSort(props.sort ?? '', DEFAULT_ORDER);
  const branches = [
    ...(props.kind !== 'folder' ? [FILE_SHARES] : []),
    ...(props.kind !== 'file' ? [FOLDER_SHARES] : []),
  ];
  const shared = db.raw(
    `(${branches.join(' UNION ALL ')}) AS shared`,
    branches.flatMap(() => [props.userId, props.userId]),
  );
  const query = db.select<SharedRow[]>('*').from(shared);
  if (props.query) whereNameContains(query, props.query);
  const rows = (await paginate(query, order, props.cursor, props.limit)) as SharedRow[];
  const { page, nextCursor } = pageOf(rows, props.limit, order);
  return { items: await withItems(props.deps, page), nextCursor };
}

/** The page's file and folder rows, in the page's order (an item gone in between is left out). */
async function withItems(deps: Pick<FilesDeps, 'db'>, page: SharedRow[]): Promise<SharedItem[]> {
  const idsOf = (kind: ItemKind) => page.filter((row) => row.kind === kind).map((row) => row.id);
  const [files, folders] = await Promise.all([
    rowsById<FileRow>(deps, 'files', idsOf('file')),
    rowsById<FolderRow>(deps, 'folders', idsOf('folder')),
  ]);
  return page.flatMap((row): SharedItem[] => {
    const item = row.kind === 'file' ? { file: files.get(row.id) } : { folder: folders.get(row.id) };
    if (!item.file && !item.folder) return [];
    return [{ kind: row.kind, role: row.role, sharedAt: row.shared_at, ...item }];
  });
}

async function rowsById<Row extends { id: string }>(
  deps: Pick<FilesDeps, 'db'>,
  table: 'files' | 'folders',
  ids: string[],
): Promise<Map<string, Row>> {
  if (ids.length === 0) return new Map();
  const rows = (await deps.db.withSchema('files').table(table).whereIn('id', ids)) as Row[];
  return new Map(rows.map((row) => [row.id, row]));
}
