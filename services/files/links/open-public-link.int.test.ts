import { randomUUID } from 'node:crypto';
import { platformFilesDeps } from '../testing/platform-deps';
import { createLink } from './create-link';
import { openPublicLink } from './open-public-link';
import { revokeLink } from './revoke-link';
import { insertTestFile, withCheapPasswords } from './testing';

// The real storage service presigns over gRPC; the rows live in a rolled-back transaction.
describe('openPublicLink', () => {
  const platform = platformFilesDeps();
  const { trx } = platform;
  const deps = () => withCheapPasswords(platform.deps());

  async function linkedFile(options: { maxDownloads?: number; password?: string } = {}) {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId, { name: 'quarterly report.pdf' });
    const { link, token } = await createLink({ deps: deps(), userId: ownerId, fileId: file.id, ...options });
    return { ownerId, file, link, token };
  }
  const downloads = async (id: string) =>
    ((await trx()('files.links').where({ id }).first()) as { downloads: number }).downloads;
  const refusal = async (promise: Promise<unknown>) => {
    const error = (await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    )) as { code: string; detail: string } | undefined;
    expect(error).toBeDefined();
    return { code: error!.code, detail: error!.detail };
  };

  it('answers the file’s name and a short-lived presigned GET of its current version, counting one download', async () => {
    const { file, link, token } = await linkedFile();
    const before = Date.now();
    const opened = await openPublicLink({ deps: deps(), token });
    expect(opened).toMatchObject({ name: 'quarterly report.pdf', size: 12, contentType: 'application/pdf' });
    const url = new URL(opened.url);
    expect(url.pathname).toContain(file.id);
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(deps().settings.linkUrlTtlSeconds));
    expect(url.searchParams.get('response-content-disposition')).toContain('quarterly%20report.pdf');
    expect(opened.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 60_000 + 2000);
    expect(opened.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 60_000 - 2000);
    expect(await downloads(link.id)).toBe(1);
  });

  it('answers one and the same link_not_found for every refusal', async () => {
    const unknown = await refusal(openPublicLink({ deps: deps(), token: 'A'.repeat(43) }));
    expect(unknown.code).toBe('link_not_found');
    const malformed = await refusal(openPublicLink({ deps: deps(), token: 'not a token' }));

    const revoked = await linkedFile();
    await revokeLink({
      deps: deps(),
      userId: revoked.ownerId,
      fileId: revoked.file.id,
      linkId: revoked.link.id,
    });
    const expired = await linkedFile();
    await trx()('files.links')
      .where({ id: expired.link.id })
      .update({ expires_at: new Date(Date.now() - 3600_000) });
    const exhausted = await linkedFile({ maxDownloads: 1 });
    await openPublicLink({ deps: deps(), token: exhausted.token });
    const locked = await linkedFile({ password: 'open sesame' });
    const trashed = await linkedFile();
    await trx()('files.files').where({ id: trashed.file.id }).update({ status: 'trashed' });
    const pending = await linkedFile();
    await trx()('files.files').where({ id: pending.file.id }).update({ status: 'pending' });

    const refusals = [
      malformed,
      await refusal(openPublicLink({ deps: deps(), token: revoked.token })),
      await refusal(openPublicLink({ deps: deps(), token: expired.token })),
      await refusal(openPublicLink({ deps: deps(), token: exhausted.token })),
      await refusal(openPublicLink({ deps: deps(), token: locked.token })),
      await refusal(openPublicLink({ deps: deps(), token: locked.token, password: 'open sesame!' })),
      await refusal(openPublicLink({ deps: deps(), token: trashed.token })),
      await refusal(openPublicLink({ deps: deps(), token: pending.token })),
    ];
    for (const answer of refusals) expect(answer).toEqual(unknown);
    // Refusals count nothing.
    expect(await downloads(exhausted.link.id)).toBe(1);
    expect(await downloads(locked.link.id)).toBe(0);
  });

  it('opens a password link with the right password', async () => {
    const { link, token } = await linkedFile({ password: 'open sesame' });
    await expect(openPublicLink({ deps: deps(), token, password: 'open sesame' })).resolves.toMatchObject({
      name: 'quarterly report.pdf',
    });
    expect(await downloads(link.id)).toBe(1);
  });

  it('is gone with its file: a purged file’s row takes its links with it', async () => {
    const { file, link, token } = await linkedFile();
    await trx()('files.file_versions').where({ file_id: file.id }).delete();
    await trx()('files.files').where({ id: file.id }).delete();
    expect(await trx()('files.links').where({ id: link.id })).toEqual([]);
    await expect(openPublicLink({ deps: deps(), token })).rejects.toMatchObject({ code: 'link_not_found' });
  });
});
