import type { FilesDeps } from '../deps';
import { FILES_ERRORS } from '../errors';
import { pageOf, paginate, parseSort, whereNameContains, type SortOrder } from '../listing';
import type { FolderRow } from './folders';

export interface ListFoldersProps {
  deps: FilesDeps;
  /** Whose folders: the caller, or the owner of a shared `parentId` once the access gate let it through. */
  ownerId: string;
  /** null: the owner's root; else the folders directly in that folder. */
  parentId: string | null;
  query?: string;
  sort?: string;
  limit: number;
  cursor?: string;
}

const DEFAULT_ORDER: SortOrder = { field: 'name', descending: false };

/** The folders directly under one parent, trashed ones left out; pages as GET /v1/files does. */
export async function listFolders(
  props: ListFoldersProps,
): Promise<{ folders: FolderRow[]; nextCursor?: string }> {
  const order = parseSort(props.sort ?? '', DEFAULT_ORDER);
  // A folder has no size: the files' size sort is not one of its orders.
  if (order.field !== 'name' && order.field !== 'createdAt') throw FILES_ERRORS.invalidSort();
  const db = props.deps.db;
  // Folders' created_at keeps microseconds (files' is cut to milliseconds by
  // its default), while a cursor carries a JavaScript date: compared raw, the
  // last row of a page would sort after its own cursor and come again. The
  // listing pages over the millisecond value, as the answer shows it.
  const inParent = db
    .withSchema('files')
    .table('folders')
    .select('id', 'owner_id', 'parent_id', 'name', 'trashed_at', 'updated_at')
    .select(db.raw("date_trunc('milliseconds', created_at) AS created_at"))
    .where({ owner_id: props.ownerId })
    .whereNull('trashed_at');
  if (props.parentId === null) inParent.whereNull('parent_id');
  else inParent.where({ parent_id: props.parentId });
  if (props.query) whereNameContains(inParent, props.query);
  const query = db.select('*').from(inParent.as('folders'));
  const rows = (await paginate(query, order, props.cursor, props.limit)) as FolderRow[];
  const { page, nextCursor } = pageOf(rows, props.limit, order);
  return { folders: page, nextCursor };
}
