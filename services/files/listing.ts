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

// What a cursor's value must look like for its sort, checked before it is
// bound into SQL: a size that is not a number, a time that is not a time, an
// id that is not a UUID or a NUL (which Postgres text cannot hold) failed the
// query with a 500. The gateway also seals cursors (services/gateway/list-cursors.ts).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VALID_VALUE: Record<SortField, (value: string) => boolean> = {
  name: (value) => value.length <= 1024,
  size: (value) => /^\d{1,19}$/.test(value),
  createdAt: isIsoTime,
  recent: isIsoTime,
};

function isIsoTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value) && !Number.isNaN(Date.parse(value));
}

function decodeCursor(cursor: string, order: SortOrder): Cursor {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Cursor>;
    const { sort, value, id } = decoded;
    if (
      sort === `${order.descending ? '-' : ''}${order.field}` &&
      typeof id === 'string' &&
      UUID.test(id) &&
      typeof value === 'string' &&
      !value.includes('\u0000') &&
      VALID_VALUE[order.field](value)
    )
      return { sort, value, id };
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

/**
 * The page out of the `limit + 1` rows paginate() fetched, and the cursor
 * after its last row when there is more.
 */
export function pageOf<Row extends { id: string }>(
  rows: Row[],
  limit: number,
  order: SortOrder,
): { page: Row[]; nextCursor?: string } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor(order, sortValue(last, order), last.id) : undefined;
  return { page, nextCursor };
}
