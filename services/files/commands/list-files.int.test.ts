import { randomUUID } from 'node:crypto';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { createFolder } from './folders';
import { listFiles, type ListFilesProps } from './list-files';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('listFiles', () => {
  const { trx } = rolledBackTransactions();
  let userId: string;

  beforeEach(() => {
    userId = randomUUID();
  });

  const insertFile = async (
    name: string,
    fields: Partial<Pick<FileRow, 'status' | 'folder_id' | 'starred'>> & {
      size?: number;
      createdAt?: Date;
    } = {},
  ) => {
    const { size = 1, createdAt, starred, ...rest } = fields;
    const file = await filesStore.insertFile(trx(), {
      id: randomUUID(),
      owner_id: userId,
      folder_id: null,
      name,
      content_type: 'text/plain',
      status: 'ready',
      size,
      ...rest,
    });
    const changes = { ...(createdAt ? { created_at: createdAt } : {}), ...(starred ? { starred } : {}) };
    return Object.keys(changes).length > 0 ? filesStore.updateFile(trx(), file.id, changes) : file;
  };
  const list = (props: Partial<Omit<ListFilesProps, 'deps' | 'userId'>> = {}) =>
    listFiles({ deps: dbOnlyFilesDeps(trx()), userId, view: 'all', limit: 50, ...props });
  const names = (files: FileRow[]) => files.map((file) => file.name);

  /** Follows nextCursor to the end, as a client does. */
  async function allPages(props: Partial<Omit<ListFilesProps, 'deps' | 'userId' | 'cursor'>>) {
    const seen: FileRow[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const result = await list({ ...props, cursor });
      seen.push(...result.files);
      if (!result.nextCursor) return seen;
      cursor = result.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  it('lists only the user’s ready files, by name by default', async () => {
    await insertFile('b.txt');
    await insertFile('a.txt');
    await insertFile('pending.txt', { status: 'pending' });
    await insertFile('failed.txt', { status: 'failed' });
    await insertFile('trashed.txt', { status: 'trashed' });
    await filesStore.insertFile(trx(), {
      id: randomUUID(),
      owner_id: randomUUID(),
      folder_id: null,
      name: 'someone-else.txt',
      content_type: 'text/plain',
      status: 'ready',
      size: 1,
    });
    expect(names((await list()).files)).toEqual(['a.txt', 'b.txt']);
    expect(names((await list({ view: 'trash' })).files)).toEqual(['trashed.txt']);
  });

  it.each(['name', '-name', 'size', '-size', 'createdAt', '-createdAt'])(
    'walks every page sorted by %s without repeating or skipping a file, ties included',
    async (sort) => {
      const start = Date.parse('2026-01-01T00:00:00.000Z');
      for (let index = 0; index < 7; index += 1) {
        // Sizes and times repeat, so the id must break ties at page boundaries.
        await insertFile(`file-${index}.txt`, {
          size: index % 3,
          createdAt: new Date(start + (index % 2) * 1000),
        });
      }
      const everything = (await list({ sort })).files;
      const paged = await allPages({ sort, limit: 2 });
      expect(paged.map((file) => file.id)).toEqual(everything.map((file) => file.id));
      expect(new Set(paged.map((file) => file.id)).size).toBe(7);
    },
  );

  it('filters by folder: the root, one folder, or every folder', async () => {
    const folder = await createFolder({ deps: dbOnlyFilesDeps(trx()), userId, name: 'Docs' });
    await insertFile('at-root.txt');
    await insertFile('in-folder.txt', { folder_id: folder.id });
    expect(names((await list({ folderId: null })).files)).toEqual(['at-root.txt']);
    expect(names((await list({ folderId: folder.id })).files)).toEqual(['in-folder.txt']);
    expect(names((await list()).files)).toEqual(['at-root.txt', 'in-folder.txt']);
  });

  it('filters starred files', async () => {
    await insertFile('plain.txt');
    await insertFile('starred.txt', { starred: true });
    expect(names((await list({ starred: true })).files)).toEqual(['starred.txt']);
    expect(names((await list({ starred: false })).files)).toEqual(['plain.txt']);
  });

  it('searches names case-insensitively, with % and _ taken literally', async () => {
    await insertFile('Report 2026.pdf');
    await insertFile('100% done.txt');
    await insertFile('1000 done.txt');
    await insertFile('a_b.txt');
    await insertFile('axb.txt');
    expect(names((await list({ query: 'report' })).files)).toEqual(['Report 2026.pdf']);
    expect(names((await list({ query: '0%' })).files)).toEqual(['100% done.txt']);
    expect(names((await list({ query: 'a_b' })).files)).toEqual(['a_b.txt']);
  });

  it('refuses a cursor made for another sort order, or garbage, with invalidCursor', async () => {
    for (let index = 0; index < 3; index += 1) await insertFile(`f${index}.txt`, { size: index });
    const { nextCursor } = await list({ sort: 'size', limit: 1 });
    expect(nextCursor).toBeDefined();
    for (const cursor of [nextCursor!, 'not-a-cursor']) {
      await expect(list({ sort: 'name', limit: 1, cursor })).rejects.toMatchObject({
        code: FILES_ERRORS.invalidCursor().code,
      });
    }
  });

  it('refuses an unknown sort field', async () => {
    await expect(list({ sort: 'colour' })).rejects.toMatchObject({ code: FILES_ERRORS.invalidSort().code });
  });
});
