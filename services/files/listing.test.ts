import knex from 'knex';
import { AppError } from '../internal/errors';
import { encodeCursor, paginate, parseSort, sortValue } from './listing';

const sql = knex({ client: 'pg' });

function codeThrownBy(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? error.code : undefined;
  }
  return undefined;
}

describe('file listing', () => {
  it('parses sort fields with direction and refuses unknown ones', () => {
    expect(parseSort('-size', { field: 'name', descending: false })).toEqual({
      field: 'size',
      descending: true,
    });
    expect(parseSort('', { field: 'name', descending: false })).toEqual({ field: 'name', descending: false });
    expect(codeThrownBy(() => parseSort('owner', { field: 'name', descending: false }))).toBe(
      'invalid_argument',
    );
  });

  it('continues after the cursor row in keyset order', () => {
    const order = { field: 'createdAt' as const, descending: true };
    const cursor = encodeCursor(order, new Date('2026-01-01T00:00:00.123Z'), 'id-9');
    const query = paginate(sql('files.files'), order, cursor, 50).toSQL();
    expect(query.sql).toContain('(created_at, id) < (?, ?)');
    expect(query.sql).toContain('order by created_at desc, id desc');
    expect(query.bindings).toEqual(['2026-01-01T00:00:00.123Z', 'id-9', 51]);
  });

  it('refuses a cursor made for another sort order, or garbage', () => {
    const cursor = encodeCursor({ field: 'name', descending: false }, 'a.txt', 'id-1');
    expect(
      codeThrownBy(() => paginate(sql('files.files'), { field: 'size', descending: false }, cursor, 10)),
    ).toBe('invalid_cursor');
    expect(
      codeThrownBy(() => paginate(sql('files.files'), { field: 'name', descending: false }, '%%%', 10)),
    ).toBe('invalid_cursor');
  });

  it('sorts recent files by the later of upload and last open', () => {
    const created = new Date('2026-01-01');
    const opened = new Date('2026-02-01');
    expect(sortValue({ created_at: created, opened_at: opened }, { field: 'recent', descending: true })).toBe(
      opened,
    );
    expect(sortValue({ created_at: created, opened_at: null }, { field: 'recent', descending: true })).toBe(
      created,
    );
  });
});
