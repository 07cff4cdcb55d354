import type { FilesDeps } from '../deps';
import { encodeCursor, paginate, parseSort, sortValue, type SortOrder } from '../listing';
import type { FileRow } from '../store';

export type FileView = 'all' | 'recent' | 'trash';

export interface ListFilesProps {
  deps: FilesDeps;
  userId: string;
  view: FileView;
  /** undefined: every folder; null: the root; else that folder. */
  folderId?: string | null;
  query?: string;
  starred?: boolean;
  sort?: string;
  limit: number;
  cursor?: string;
}

const DEFAULT_ORDER: Record<FileView, SortOrder> = {
  all: { field: 'name', descending: false },
  recent: { field: 'recent', descending: true },
  trash: { field: 'createdAt', descending: true },
};

/** Lists only files that really exist: ready ones (or trashed ones in the trash view). */
export async function listFiles(props: ListFilesProps): Promise<{ files: FileRow[]; nextCursor?: string }> {
  const order =
    props.view === 'recent' ? DEFAULT_ORDER.recent : parseSort(props.sort ?? '', DEFAULT_ORDER[props.view]);
  const query = props.deps.db
    .withSchema('files')
    .table('files')
    .where({ owner_id: props.userId, status: props.view === 'trash' ? 'trashed' : 'ready' });
  if (props.folderId === null) query.whereNull('folder_id');
  else if (props.folderId !== undefined) query.where({ folder_id: props.folderId });
  if (props.starred !== undefined) query.where({ starred: props.starred });
  if (props.query) query.whereILike('name', `%${props.query.replace(/[\\%_]/g, (match) => `\\${match}`)}%`);
  const rows = (await paginate(query, order, props.cursor, props.limit)) as FileRow[];
  const page = rows.slice(0, props.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > props.limit && last
      ? encodeCursor(order, sortValue(last as unknown as Record<string, unknown>, order), last.id)
      : undefined;
  return { files: page, nextCursor };
}
