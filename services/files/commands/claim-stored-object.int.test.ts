import { randomUUID } from 'node:crypto';
import { objectRef } from '../object-ref';
import { filesStore } from '../store';
import { platformFilesDeps } from '../testing/platform-deps';
import { abortUpload } from './abort-upload';
import { claimStoredObject } from './claim-stored-object';
import { commitUpload } from './commit-upload';
import { createUpload } from './create-upload';

describe('claimStoredObject (the ingest asks it about every stored object)', () => {
  const { deps, trx } = platformFilesDeps();

  /** A pending single-PUT upload through the real command; its URL, headers and the object it names. */
  async function pendingUpload(userId: string, bytes: Buffer) {
    const { file, upload } = await createUpload({
      deps: deps(),
      userId,
      name: `${randomUUID()}.txt`,
      size: bytes.length,
      contentType: 'text/plain',
    });
    if (upload.upload.case !== 'put') throw new Error('expected a single-PUT upload');
    const { url, headers } = upload.upload.value;
    const row = await trx()('files.file_versions').where({ file_id: file.id, version: 1 }).first();
    const object = { userId, fileId: file.id, version: 1, attempt: row.object_attempt as string };
    const put = () => fetch(url, { method: 'PUT', headers, body: bytes });
    return { fileId: file.id, object, put };
  }

  const stored = async (object: { userId: string; fileId: string; version: number; attempt: string }) =>
    (
      await deps().storage.statObject({
        object: objectRef(object.userId, object.fileId, object.version, object.attempt),
      })
    ).exists;

  it("claims a pending attempt's object for its workflow, and keeps it once the version is ready", async () => {
    const userId = randomUUID();
    const bytes = Buffer.from('mine');
    const { fileId, object, put } = await pendingUpload(userId, bytes);
    expect((await put()).status).toBe(200);
    expect(await claimStoredObject({ deps: deps(), object })).toEqual({
      disposition: 'pending',
      traceParent: null,
    });

    await commitUpload({ deps: deps(), userId, fileId, version: 1, size: bytes.length });
    expect(await claimStoredObject({ deps: deps(), object })).toEqual({ disposition: 'kept' });
    expect(await stored(object)).toBe(true);
  });

  it('deletes what a URL wrote after its upload was aborted, idempotently', async () => {
    const userId = randomUUID();
    const { fileId, object, put } = await pendingUpload(userId, Buffer.from('too late'));
    await abortUpload({ deps: deps(), userId, fileId });
    expect((await put()).status).toBe(200);
    expect(await stored(object)).toBe(true);

    expect(await claimStoredObject({ deps: deps(), object })).toEqual({
      disposition: 'deleted',
      deletedVersions: 1,
    });
    expect(await stored(object)).toBe(false);
    expect(await claimStoredObject({ deps: deps(), object })).toEqual({
      disposition: 'deleted',
      deletedVersions: 0,
    });
  });

  it('deletes an object under another attempt of a known version, or a version with no row', async () => {
    const userId = randomUUID();
    const { object } = await pendingUpload(userId, Buffer.from('x'));
    for (const other of [
      { ...object, attempt: randomUUID() },
      { ...object, attempt: '' },
      { ...object, version: 7 },
    ])
      expect(await claimStoredObject({ deps: deps(), object: other })).toMatchObject({
        disposition: 'deleted',
      });
    // The pending attempt itself is untouched.
    expect(await claimStoredObject({ deps: deps(), object })).toEqual({
      disposition: 'pending',
      traceParent: null,
    });
  });

  it('treats a file whose purge is due as gone: its objects are strays', async () => {
    const userId = randomUUID();
    const bytes = Buffer.from('purging');
    const { fileId, object, put } = await pendingUpload(userId, bytes);
    expect((await put()).status).toBe(200);
    await commitUpload({ deps: deps(), userId, fileId, version: 1, size: bytes.length });
    await trx()('files.files')
      .where({ id: fileId })
      .update({ status: 'trashed', trashed_at: new Date(), purge_at: new Date(Date.now() - 1000) });
    expect(await claimStoredObject({ deps: deps(), object })).toEqual({
      disposition: 'deleted',
      deletedVersions: 1,
    });
    expect(await stored(object)).toBe(false);
  });

  it('understands a version stored before attempt keys (no attempt, key .../<version>)', async () => {
    const userId = randomUUID();
    const fileId = randomUUID();
    await filesStore.insertFile(trx(), {
      id: fileId,
      owner_id: userId,
      folder_id: null,
      name: `${fileId}.txt`,
      content_type: 'text/plain',
      size: 3,
      status: 'ready',
    });
    await filesStore.insertVersion(trx(), {
      file_id: fileId,
      version: 1,
      size: 3,
      content_type: 'text/plain',
      sha256: null,
      expires_at: new Date(),
    });
    await trx()('files.file_versions').where({ file_id: fileId }).update({ status: 'ready' });
    const legacy = { userId, fileId, version: 1, attempt: '' };
    expect(await claimStoredObject({ deps: deps(), object: legacy })).toEqual({ disposition: 'kept' });
    expect(
      await claimStoredObject({ deps: deps(), object: { ...legacy, attempt: randomUUID() } }),
    ).toMatchObject({ disposition: 'deleted' });
  });

  it("leaves alone an object under a user it does not know (another system's, a test's)", async () => {
    const object = { userId: randomUUID(), fileId: randomUUID(), version: 1, attempt: randomUUID() };
    expect(await claimStoredObject({ deps: deps(), object })).toEqual({ disposition: 'unknownOwner' });
  });
});
