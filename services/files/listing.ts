import type { Knex } from 'knex';
import { FILES_ERRORS } from './errors';

// Keyset pagination: the cursor carries the last row's sort value and id, so
// a page boundary stays put while rows are inserted before or after it.
export type SortField = 'name' | 'createdAt' | 'size' | 'recent';

const SORT_SQL: Record<SortField, string> = {
  name: 'name',
  createdAt: 'created_at',
  size: 'size',
  recent: 'GREATEST(created_at, COALESCE(opened_at, created_at))',
};

export interface SortOrder {
  field: SortField;
  descending: boolean;
}

export function parseSort(sort: string, fallback: SortOrder): SortOrder {
  if (!sort) return fallback;
  const descending = sort.startsWith('-');
  const field = sort.replace(/^[-+]/, '') as SortField;
  if (!Object.hasOwn(SORT_SQL, field) || field === 'recent') {
    throw FILES_ERRORS.invalidSort();
  }
  return { field, descending };
}

interface Cursor {
  sort: string;
  value: string;
  id: string;
}

export function encodeCursor(order: SortOrder, value: unknown, id: string): string {
  const text = value instanceof Date ? value.toISOString() : String(value);
  const cursor: Cursor = { sort: `${order.descending ? '-' : ''}${order.field}`, value: text, id };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(cursor: string, order: SortOrder): Cursor {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (decoded.sort === `${order.descending ? '-' : ''}${order.field}` && typeof decoded.id === 'string')
      return decoded;
  } catch {
    // fall through to the error below
  }
  throw FILES_ERRORS.invalidCursor();
}

/** Keeps rows whose name contains `text`, case-insensitively; `%`, `_` and `\` in it match themselves. */
export function whereNameContains<T extends object>(
  query: Knex.QueryBuilder<T>,
  text: string,
): Knex.QueryBuilder<T> {
  return query.whereILike('name', `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`);
}

/** Applies order, cursor and limit (+1 to learn whether another page exists). */
export function paginate<T extends object>(
  query: Knex.QueryBuilder<T>,
  order: SortOrder,
  cursor: string | undefined,
  limit: number,
): Knex.QueryBuilder<T> {
  const column = SORT_SQL[order.field];
  const direction = order.descending ? 'desc' : 'asc';
  if (cursor) {
    const { value, id } = decodeCursor(cursor, order);
    query.whereRaw(`(${column}, id) ${order.descending ? '<' : '>'} (?, ?)`, [value, id]);
  }
  return query.orderByRaw(`${column} ${direction}, id ${direction}`).limit(limit + 1);
}

export function sortValue(row: Record<string, unknown>, order: SortOrder): unknown {
  if (order.field === 'recent') {
    const created = row.created_at as Date;
    const opened = row.opened_at as Date | null;
    return opened && opened > created ? opened : created;
  }
  return row[{ name: 'name', createdAt: 'created_at', size: 'size' }[order.field]];
}
