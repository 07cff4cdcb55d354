import knex from 'knex';
import { AppError } from '../internal/errors';
import { encodeCursor, paginate, parseSort, sortValue } from './listing';

const sql = knex({ client: 'pg' });
const ID = '5f0c7a52-3b1e-4c8e-9a4d-2f6b8e1d7c90';

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
    const cursor = encodeCursor(order, new Date('2026-01-01T00:00:00.123Z'), ID);
    const query = paginate(sql('files.files'), order, cursor, 50).toSQL();
    expect(query.sql).toContain('(created_at, id) < (?, ?)');
    expect(query.sql).toContain('order by created_at desc, id desc');
    expect(query.bindings).toEqual(['2026-01-01T00:00:00.123Z', ID, 51]);
  });

  it.each([
    ['a size that is not a number', 'size', 'x', ID],
    ['a creation time that is not a time', 'createdAt', 'yesterday', ID],
    ['an id that is not a UUID', 'name', 'a.txt', "1' or '1'='1"],
    ['a NUL in the value', 'name', 'a\u0000', ID],
    ['a NUL in the id', 'name', 'a.txt', `${ID}\u0000`],
  ])('refuses a cursor with %s before it reaches SQL', (_, field, value, id) => {
    const order = { field: field as 'name' | 'size' | 'createdAt', descending: false };
    const forged = Buffer.from(JSON.stringify({ sort: field, value, id })).toString('base64url');
    expect(codeThrownBy(() => paginate(sql('files.files'), order, forged, 10))).toBe('invalid_cursor');
  });

  it('takes back the cursors it makes for every sort', () => {
    const cases = [
      [{ field: 'name', descending: false }, 'a.txt'],
      [{ field: 'size', descending: true }, 2n ** 40n],
      [{ field: 'createdAt', descending: false }, new Date('2026-01-01T00:00:00Z')],
      [{ field: 'recent', descending: true }, new Date('2026-01-01T00:00:00Z')],
    ] as const;
    for (const [order, value] of cases)
      expect(
        codeThrownBy(() => paginate(sql('files.files'), order, encodeCursor(order, value, ID), 10)),
      ).toBe(undefined);
  });

  it('refuses a cursor made for another sort order, or garbage', () => {
    const cursor = encodeCursor({ field: 'name', descending: false }, 'a.txt', ID);
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
