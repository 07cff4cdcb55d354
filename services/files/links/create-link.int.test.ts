import { createHash, randomUUID } from 'node:crypto';
import bcrypt from 'bcrypt';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { dbOnlyFilesDeps } from '../testing/db-only-deps';
import { createLink } from './create-link';
import { insertTestFile, linkEventsOf, shareFile, withCheapPasswords } from './testing';

const DAY_MS = 86_400_000;

describe('createLink', () => {
  const { trx } = rolledBackTransactions();
  const deps = () => withCheapPasswords(dbOnlyFilesDeps(trx()));
  const linkRow = async (id: string) =>
    (await trx()('files.links').where({ id }).first()) as Record<string, unknown> & {
      token_hash: Buffer;
      password_hash: string | null;
      expires_at: Date;
    };

  it('stores only the SHA-256 of a 256-bit token and answers the token once', async () => {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId);
    const { link, token } = await createLink({ deps: deps(), userId: ownerId, fileId: file.id });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const row = await linkRow(link.id);
    expect(row.token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
    expect(row).toMatchObject({ file_id: file.id, owner_id: ownerId, downloads: 0, max_downloads: null });
    // No column anywhere in the row holds the token.
    expect(JSON.stringify(await trx()('files.links').where({ id: link.id }))).not.toContain(token);
  });

  it('makes a new token every time', async () => {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId);
    const first = await createLink({ deps: deps(), userId: ownerId, fileId: file.id });
    const second = await createLink({ deps: deps(), userId: ownerId, fileId: file.id });
    expect(first.token).not.toBe(second.token);
  });

  it('expires after the default lifetime, or expiresIn seconds, or at expiresAt', async () => {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId);
    const settings = deps().settings;
    const near = (date: Date, expected: number) =>
      expect(Math.abs(date.getTime() - expected)).toBeLessThan(5000);
    const byDefault = await createLink({ deps: deps(), userId: ownerId, fileId: file.id });
    near(byDefault.link.expires_at, Date.now() + settings.linkDefaultTtlSeconds * 1000);
    const inAnHour = await createLink({
      deps: deps(),
      userId: ownerId,
      fileId: file.id,
      expiresInSeconds: 3600,
    });
    near(inAnHour.link.expires_at, Date.now() + 3600_000);
    const at = new Date(Date.now() + 2 * DAY_MS);
    const fixed = await createLink({ deps: deps(), userId: ownerId, fileId: file.id, expiresAt: at });
    near(fixed.link.expires_at, at.getTime());
    near((await linkRow(fixed.link.id)).expires_at, at.getTime());
  });

  it.each([
    ['a past expiresAt', { expiresAt: new Date(Date.now() - 1000) }, 'body.expiresAt'],
    ['expiresAt beyond the maximum', { expiresAt: new Date(Date.now() + 31 * DAY_MS) }, 'body.expiresAt'],
    ['expiresIn beyond the maximum', { expiresInSeconds: 30 * 86_400 + 1 }, 'body.expiresIn'],
    ['a zero expiresIn', { expiresInSeconds: 0 }, 'body.expiresIn'],
    [
      'both expiresAt and expiresIn',
      { expiresAt: new Date(Date.now() + DAY_MS), expiresInSeconds: 60 },
      'body.expiresIn',
    ],
    ['maxDownloads 0', { maxDownloads: 0 }, 'body.maxDownloads'],
    ['maxDownloads above a million', { maxDownloads: 1_000_001 }, 'body.maxDownloads'],
    ['an empty password', { password: '' }, 'body.password'],
    ['a password of 73 bytes (bcrypt reads 72)', { password: 'é'.repeat(36) + 'x' }, 'body.password'],
  ])('refuses %s with invalid_argument naming the field', async (_name, request, field) => {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId);
    await expect(
      createLink({ deps: deps(), userId: ownerId, fileId: file.id, ...request }),
    ).rejects.toMatchObject({ code: 'invalid_argument', fields: [expect.objectContaining({ field })] });
    expect(await trx()('files.links').where({ file_id: file.id })).toEqual([]);
  });

  it('keeps a download limit and a bcrypt hash of the password', async () => {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId);
    const { link } = await createLink({
      deps: deps(),
      userId: ownerId,
      fileId: file.id,
      maxDownloads: 1_000_000,
      password: 'open sesame',
    });
    const row = await linkRow(link.id);
    expect(row.max_downloads).toBe(1_000_000);
    expect(row.password_hash).toMatch(/^\$2[aby]\$04\$/);
    expect(await bcrypt.compare('open sesame', row.password_hash!)).toBe(true);
  });

  it('records link.created with the link but neither token nor password, in the same transaction', async () => {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId);
    const { link, token } = await createLink({
      deps: deps(),
      userId: ownerId,
      fileId: file.id,
      maxDownloads: 3,
      password: 'open sesame',
    });
    const events = await linkEventsOf(trx(), file.id);
    expect(events).toHaveLength(1);
    const [{ topic, event }] = events as [(typeof events)[number]];
    expect(topic).toMatch(/files\.events$/);
    expect(event.type).toBe('link.created');
    expect(event.actorUserId).toBe(ownerId);
    expect(event.payload.case).toBe('linkCreated');
    const payload = event.payload.value as {
      linkId: string;
      fileId: string;
      ownerId: string;
      maxDownloads: number;
      hasPassword: boolean;
      expiresAt?: Parameters<typeof timestampDate>[0];
    };
    expect(payload).toMatchObject({
      linkId: link.id,
      fileId: file.id,
      ownerId,
      maxDownloads: 3,
      hasPassword: true,
    });
    expect(timestampDate(payload.expiresAt!).getTime()).toBe(link.expires_at.getTime());
    const raw = (await trx()('files.outbox').where({ key: file.id }).first()) as { payload: Buffer };
    expect(raw.payload.toString('latin1')).not.toContain(token);
    expect(raw.payload.toString('latin1')).not.toContain('open sesame');
  });

  it('answers file_not_found for another user’s file and an unknown id, and creates nothing', async () => {
    const ownerId = randomUUID();
    const theirs = await insertTestFile(trx(), randomUUID());
    for (const fileId of [theirs.id, randomUUID()])
      await expect(createLink({ deps: deps(), userId: ownerId, fileId })).rejects.toMatchObject({
        code: 'file_not_found',
      });
    expect(await trx()('files.links').where({ file_id: theirs.id })).toEqual([]);
  });

  it('answers file_not_found for a trashed file (restore it first)', async () => {
    const ownerId = randomUUID();
    const file = await insertTestFile(trx(), ownerId, { status: 'trashed' });
    await expect(createLink({ deps: deps(), userId: ownerId, fileId: file.id })).rejects.toMatchObject({
      code: 'file_not_found',
    });
  });

  it('answers forbidden to a grantee, editor or viewer: only the owner makes links', async () => {
    const file = await insertTestFile(trx(), randomUUID());
    for (const role of ['editor', 'viewer'] as const) {
      const granteeId = randomUUID();
      await shareFile(trx(), file, granteeId, role);
      await expect(createLink({ deps: deps(), userId: granteeId, fileId: file.id })).rejects.toMatchObject({
        code: 'forbidden',
      });
    }
    expect(await trx()('files.links').where({ file_id: file.id })).toEqual([]);
  });
});
