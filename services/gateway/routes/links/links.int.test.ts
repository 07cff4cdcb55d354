import { createHash, randomUUID } from 'node:crypto';
import knex from 'knex';
import { signUpUser, uploadFile, type ApiUser } from '../../../internal/testing/api-users';
import { eventually } from '../../../internal/testing/eventually';
import { apiClient } from '../../../internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../../../internal/testing/test-platform';

const PER_IP = 8;
const PER_TOKEN = 5;
const BYTES = Buffer.from('the bytes behind a public link');

/** A fresh client address: its own per-IP bucket. */
const stranger = (baseUrl: string) => apiClient(baseUrl);

describe('public links through the HTTP API (real MinIO, Postgres, Redis, Temporal)', () => {
  let app: TestPlatform;
  let db: ReturnType<typeof knex>;

  beforeAll(async () => {
    app = await startTestPlatform({
      env: {
        PUBLIC_LINK_RATE_PER_IP: String(PER_IP),
        PUBLIC_LINK_RATE_PER_TOKEN: String(PER_TOKEN),
        TRASH_BATCH_WINDOW_SECONDS: '1',
      },
    });
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  });

  afterAll(async () => {
    await db?.destroy();
    await app?.stop();
  });

  async function ownerWithLink(body: Record<string, unknown> = {}) {
    const owner = await signUpUser(app.baseUrl, 'links');
    const fileId = await uploadFile(owner, BYTES, 'minutes.txt');
    const created = await owner.call('POST', `/v1/files/${fileId}/links`, { body });
    expect(created.status).toBe(201);
    return {
      owner,
      fileId,
      link: created.body as { id: string; url: string; token: string; expiresAt: string; createdAt: string },
    };
  }
  const open = (token: string, options: { query?: string; headers?: Record<string, string> } = {}) =>
    stranger(app.baseUrl)('GET', `/v1/public/${token}${options.query ?? ''}`, { headers: options.headers });
  const refusedAlike = (response: { status: number; body: { code: string; detail: string } }) => {
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      code: 'link_not_found',
      detail: 'this link does not exist, has expired or was revoked, or needs a different password',
    });
  };

  it('creates a link whose URL redirects, without an account, to the file’s bytes', async () => {
    const { owner, fileId, link } = await ownerWithLink();
    expect(link).toMatchObject({
      id: expect.any(String),
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      maxDownloads: null,
      hasPassword: false,
      expiresAt: expect.any(String),
      createdAt: expect.any(String),
    });
    expect(link.url).toBe(`${new URL(app.baseUrl).origin}/v1/public/${link.token}`);

    const redirected = await stranger(app.baseUrl)('GET', new URL(link.url).pathname);
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('cache-control')).toBe('no-store');
    expect(redirected.headers.get('referrer-policy')).toBe('no-referrer');
    const object = await fetch(redirected.headers.get('location')!);
    expect(object.status).toBe(200);
    expect(Buffer.from(await object.arrayBuffer())).toEqual(BYTES);
    expect(object.headers.get('content-disposition')).toContain('minutes.txt');

    const described = await open(link.token, { query: '?redirect=false' });
    expect(described.status).toBe(200);
    expect(described.body).toMatchObject({
      name: 'minutes.txt',
      size: BYTES.length,
      url: expect.any(String),
    });
    expect(Buffer.from(await (await fetch(described.body.url)).arrayBuffer())).toEqual(BYTES);

    // The owner's list: no token, two downloads counted.
    const listed = await owner.call('GET', `/v1/files/${fileId}/links`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      {
        id: link.id,
        expiresAt: link.expiresAt,
        maxDownloads: null,
        downloads: 2,
        hasPassword: false,
        createdAt: link.createdAt,
        revokedAt: null,
        active: true,
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(link.token);
  });

  it('records link.created and link.revoked in the audit log, with the link as subject and no token', async () => {
    const { owner, fileId, link } = await ownerWithLink({ password: 'open sesame' });
    expect((await owner.call('DELETE', `/v1/files/${fileId}/links/${link.id}`)).status).toBe(204);
    const entries = await eventually(async () => {
      const rows = (await db('admin.audit_log')
        .where({ subject_id: link.id })
        .orderBy('occurred_at')) as Array<{
        action: string;
        actor_user_id: string;
        data: unknown;
      }>;
      return rows.length === 2 ? rows : undefined;
    }, 'both link events in the audit log');
    expect(entries.map((entry) => entry.action).sort()).toEqual(['link.created', 'link.revoked']);
    expect(entries.every((entry) => entry.actor_user_id === owner.id)).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(link.token);
    expect(JSON.stringify(entries)).not.toContain('open sesame');
  });

  it('stores the token’s SHA-256 and never the token', async () => {
    const { link } = await ownerWithLink();
    const row = (await db('files.links').where({ id: link.id }).first()) as { token_hash: Buffer };
    expect(row.token_hash.equals(createHash('sha256').update(link.token).digest())).toBe(true);
    const everything = await db.raw('SELECT l::text AS row FROM files.links l WHERE id = ?', [link.id]);
    expect(JSON.stringify(everything.rows)).not.toContain(link.token);
  });

  it('answers one identical 404 for an unknown, revoked, expired or used-up link and a missing or wrong password', async () => {
    const unknown = await open('A'.repeat(43));
    refusedAlike(unknown);
    expect(unknown.headers.get('cache-control')).toBe('no-store');
    expect(unknown.headers.get('referrer-policy')).toBe('no-referrer');

    const revoked = await ownerWithLink();
    const revoke = `/v1/files/${revoked.fileId}/links/${revoked.link.id}`;
    expect((await revoked.owner.call('DELETE', revoke)).status).toBe(204);
    expect((await revoked.owner.call('DELETE', revoke)).status).toBe(204);
    refusedAlike(await open(revoked.link.token));

    const expired = await ownerWithLink({ expiresIn: 60 });
    await db('files.links')
      .where({ id: expired.link.id })
      .update({ expires_at: new Date(Date.now() - 1000) });
    refusedAlike(await open(expired.link.token));

    const once = await ownerWithLink({ maxDownloads: 1 });
    expect((await open(once.link.token)).status).toBe(302);
    refusedAlike(await open(once.link.token));

    const locked = await ownerWithLink({ password: 'open sesame' });
    expect(locked.link).toMatchObject({ hasPassword: true });
    refusedAlike(await open(locked.link.token));
    refusedAlike(await open(locked.link.token, { headers: { 'x-link-password': 'Open sesame' } }));
  });

  it('opens a password link with the X-Link-Password header, a form field or a JSON field, never a query parameter', async () => {
    const { link } = await ownerWithLink({ password: 'open sesame' });
    expect((await open(link.token, { headers: { 'x-link-password': 'open sesame' } })).status).toBe(302);

    const form = await fetch(`${app.baseUrl}/v1/public/${link.token}?redirect=false`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.9.9.9' },
      body: new URLSearchParams({ password: 'open sesame' }).toString(),
      redirect: 'manual',
    });
    expect(form.status).toBe(200);
    expect(((await form.json()) as { name: string }).name).toBe('minutes.txt');
    const wrongForm = await fetch(`${app.baseUrl}/v1/public/${link.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.9.9.8' },
      body: 'password=nope',
      redirect: 'manual',
    });
    expect(wrongForm.status).toBe(404);

    const json = await stranger(app.baseUrl)('POST', `/v1/public/${link.token}`, {
      body: { password: 'open sesame' },
    });
    expect(json.status).toBe(302);

    const inUrl = await open(link.token, { query: '?password=open%20sesame' });
    expect(inUrl.status).toBe(400);
    expect(inUrl.body.code).toBe('invalid_argument');
    expect(inUrl.body.detail).toContain('send the password in the X-Link-Password header or a form field');
    expect(inUrl.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 404 while the file is in the trash, and opens again once it is restored', async () => {
    const { owner, fileId, link } = await ownerWithLink();
    expect((await owner.call('DELETE', `/v1/files/${fileId}`)).status).toBe(202);
    refusedAlike(await open(link.token));
    expect((await owner.call('POST', `/v1/files/${fileId}/restore`)).status).toBe(200);
    expect((await open(link.token)).status).toBe(302);
  });

  it('is gone with a purged file: the purge deletes the row and its links with it', async () => {
    const { owner, fileId, link } = await ownerWithLink();
    expect((await owner.call('DELETE', `/v1/files/${fileId}`)).status).toBe(202);
    expect((await owner.call('DELETE', '/v1/trash')).status).toBe(202);
    await eventually(
      async () => ((await db('files.files').where({ id: fileId }).first()) ? undefined : true),
      'the purge to delete the file',
    );
    expect(await db('files.links').where({ id: link.id })).toEqual([]);
    refusedAlike(await open(link.token));
  });

  it('gives the last download of a limited link to exactly one of many concurrent holders', async () => {
    const { link } = await ownerWithLink({ maxDownloads: 1 });
    const answers = await Promise.all([1, 2, 3, 4].map(() => open(link.token)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([302, 404, 404, 404]);
  });

  it('limits requests per link across addresses (429 with Retry-After), keyed on the token’s hash', async () => {
    const { link } = await ownerWithLink();
    for (let request = 0; request < PER_TOKEN; request += 1)
      expect((await open(link.token, { query: '?redirect=false' })).status).toBe(200);
    const limited = await open(link.token);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another link from the same kind of fresh address is not affected.
    const other = await ownerWithLink();
    expect((await open(other.link.token)).status).toBe(302);
    // No Redis key holds the raw token.
    const redis = new (await import('ioredis')).Redis(process.env.REDIS_URL!);
    try {
      const keys = await redis.keys('*public-link-token*');
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.join('\n')).not.toContain(link.token);
      expect(keys.join('\n')).toContain(createHash('sha256').update(link.token).digest('hex'));
    } finally {
      redis.disconnect();
    }
  });

  it('limits requests per address across links, apart from the per-link bucket', async () => {
    const client = apiClient(app.baseUrl, { ip: `10.77.${Math.floor(Math.random() * 250)}.1` });
    const tokens = Array.from({ length: PER_IP }, () => randomUUID().replaceAll('-', '').padEnd(43, 'x'));
    for (const token of tokens) expect((await client('GET', `/v1/public/${token}`)).status).toBe(404);
    const limited = await client('GET', `/v1/public/${'B'.repeat(43)}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    // The same unknown token from another address is only 404: the per-token bucket is far from full.
    refusedAlike(await open('B'.repeat(43)));
  });

  it('manages links as the owner only: another user 404, no token 401, unknown link 404 link_not_found', async () => {
    const { owner, fileId, link } = await ownerWithLink();
    const other: ApiUser = await signUpUser(app.baseUrl, 'links-other');
    for (const [method, path] of [
      ['POST', `/v1/files/${fileId}/links`],
      ['GET', `/v1/files/${fileId}/links`],
      ['DELETE', `/v1/files/${fileId}/links/${link.id}`],
    ] as const) {
      const answer = await other.call(method, path, method === 'POST' ? { body: {} } : {});
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('file_not_found');
      expect((await stranger(app.baseUrl)(method, path)).status).toBe(401);
    }
    const unknownLink = await owner.call('DELETE', `/v1/files/${fileId}/links/${randomUUID()}`);
    expect(unknownLink.status).toBe(404);
    expect(unknownLink.body.code).toBe('link_not_found');
    // The link another user could not touch is still live.
    expect((await open(link.token)).status).toBe(302);
  });

  it('validates the body: expiresAt and expiresIn together, a lifetime beyond 30 days, a past time', async () => {
    const owner = await signUpUser(app.baseUrl, 'links');
    const fileId = await uploadFile(owner, BYTES);
    const path = `/v1/files/${fileId}/links`;
    const both = await owner.call('POST', path, {
      body: { expiresIn: 60, expiresAt: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'body.expiresIn' })]);
    const tooLong = await owner.call('POST', path, { body: { expiresIn: 31 * 86_400 } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'body.expiresIn' })]);
    const past = await owner.call('POST', path, { body: { expiresAt: '2020-01-01T00:00:00Z' } });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([expect.objectContaining({ field: 'body.expiresAt' })]);
    const badLimit = await owner.call('POST', path, { body: { maxDownloads: 0 } });
    expect(badLimit.status).toBe(400);
  });
});
