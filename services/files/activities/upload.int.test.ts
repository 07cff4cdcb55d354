import { startActivitiesHarness, type ActivitiesHarness } from './activities-harness';

// The upload activities against the real Postgres, MinIO and services, each
// called again as Temporal would after a crash: the replay changes nothing.
describe('the upload activities', () => {
  let harness: ActivitiesHarness;

  beforeAll(async () => {
    harness = await startActivitiesHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const usage = async (userId: string) => {
    const row = await harness.db('files.usage').where({ user_id: userId }).first();
    return { used: Number(row.used_bytes), reserved: Number(row.reserved_bytes), files: row.file_count };
  };
  const fileRow = (fileId: string) => harness.db('files.files').where({ id: fileId }).first();

  it('verifies an arrived object and commits it once, however often the commit is replayed', async () => {
    const user = await harness.newUser();
    const bytes = Buffer.from('committed exactly once');
    const { fileId, input } = await harness.upload(user, bytes);
    expect(await usage(user.id)).toEqual({ used: 0, reserved: bytes.length, files: 0 });

    expect(await harness.activities.verifyUpload(input)).toEqual({ kind: 'ok' });
    await harness.activities.commitUpload(input);
    await harness.activities.commitUpload(input);

    expect((await fileRow(fileId)).status).toBe('ready');
    expect(await usage(user.id)).toEqual({ used: bytes.length, reserved: 0, files: 1 });
    // The confirmation latency is observed once, by the commit that made the version ready.
    expect(await harness.metrics.metrics()).toMatch(/^streamhub_upload_confirmation_seconds_count 1$/m);
    // A late failure (the expiry check racing the commit) leaves a settled upload alone.
    await harness.activities.failUpload({ ...input, reason: 'too late' });
    expect((await fileRow(fileId)).status).toBe('ready');
    expect(await usage(user.id)).toEqual({ used: bytes.length, reserved: 0, files: 1 });
  });

  it('reports a missing object, fails the upload once and releases its reservation', async () => {
    const user = await harness.newUser();
    const { fileId, input } = await harness.upload(user, Buffer.alloc(1000), { put: false });

    expect(await harness.activities.verifyUpload(input)).toEqual({ kind: 'missing' });
    await harness.activities.failUpload({ ...input, reason: 'the object never arrived' });
    await harness.activities.failUpload({ ...input, reason: 'the object never arrived' });

    expect((await fileRow(fileId)).status).toBe('failed');
    expect(await usage(user.id)).toEqual({ used: 0, reserved: 0, files: 0 });
    expect((await user.call('GET', `/v1/files/${fileId}`)).status).toBe(404);
    // A commit after the failure finds nothing pending and charges nothing.
    await harness.activities.commitUpload(input);
    expect(await usage(user.id)).toEqual({ used: 0, reserved: 0, files: 0 });
  });

  it('reports a mismatch when the stored size is not the declared one', async () => {
    const user = await harness.newUser();
    const { input } = await harness.upload(user, Buffer.from('twelve bytes'));
    expect(await harness.activities.verifyUpload({ ...input, size: 13 })).toEqual({
      kind: 'mismatch',
      reason: 'stored 12 bytes, declared 13',
    });
  });

  it('does nothing to complete a single-PUT upload, which has no parts to assemble', async () => {
    const user = await harness.newUser();
    const bytes = Buffer.from('one PUT');
    const { fileId, input } = await harness.upload(user, bytes);
    await harness.activities.completeMultipart({ ...input, parts: [{ partNumber: 1, etag: '"x"' }] });
    expect((await fileRow(fileId)).status).toBe('pending');
    expect(await harness.activities.verifyUpload(input)).toEqual({ kind: 'ok' });
  });
});
