import { randomUUID } from 'node:crypto';
import { FILES_ERRORS } from '../errors';
import { filesStore, type FileRow } from '../store';
import { platformFilesDeps } from '../testing/platform-deps';
import { getDownloadUrl } from './get-download-url';

// The real storage service presigns over gRPC; the files rows live in a rolled-back transaction.
describe('getDownloadUrl', () => {
  const { deps, trx } = platformFilesDeps();

  const code = (error: { code: string }) => ({ code: error.code });
  const insertFile = (userId: string, fields: Partial<Pick<FileRow, 'name' | 'status'>> = {}) =>
    filesStore.insertFile(trx(), {
      id: randomUUID(),
      owner_id: userId,
      folder_id: null,
      name: 'holiday.jpg',
      content_type: 'image/jpeg',
      status: 'ready',
      size: 12,
      ...fields,
    });
  const openedAt = async (fileId: string) =>
    (
      (await trx().withSchema('files').table('files').where({ id: fileId }).first()) as FileRow & {
        opened_at: Date | null;
      }
    ).opened_at;

  it('presigns a GET of the current version for the configured lifetime and marks the file opened', async () => {
    const userId = randomUUID();
    const file = await insertFile(userId);
    expect(await openedAt(file.id)).toBeNull();
    const before = Date.now();
    const { url, expiresAt } = await getDownloadUrl({ deps: deps(), userId, fileId: file.id });
    const ttlMs = deps().settings.downloadUrlTtlSeconds * 1000;
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + ttlMs - 2000);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + ttlMs + 2000);
    const parsed = new URL(url);
    expect(parsed.pathname).toContain(file.id);
    expect(parsed.searchParams.get('X-Amz-Signature')).toBeTruthy();
    expect(parsed.searchParams.get('response-content-disposition')).toContain('holiday.jpg');
    expect(await openedAt(file.id)).toBeInstanceOf(Date);
  });

  it('presigns a file in the trash too', async () => {
    const userId = randomUUID();
    const file = await insertFile(userId, { status: 'trashed' });
    await expect(getDownloadUrl({ deps: deps(), userId, fileId: file.id })).resolves.toMatchObject({
      url: expect.stringContaining(file.id),
    });
  });

  it('answers file_not_found for another user’s file, a pending or failed upload and an unknown id', async () => {
    const userId = randomUUID();
    const theirs = await insertFile(randomUUID());
    const pending = await insertFile(userId, { status: 'pending', name: 'pending.jpg' });
    const failed = await insertFile(userId, { status: 'failed', name: 'failed.jpg' });
    for (const fileId of [theirs.id, pending.id, failed.id, randomUUID()]) {
      await expect(getDownloadUrl({ deps: deps(), userId, fileId })).rejects.toMatchObject(
        code(FILES_ERRORS.fileNotFound()),
      );
    }
    expect(await openedAt(theirs.id)).toBeNull();
  });
});
