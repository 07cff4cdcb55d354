import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { hashRefreshToken } from '../refresh-tokens';
import { authStore } from '../store';
import { authCommandDeps, verifierFor } from '../testing/command-deps';
import { startSession } from './start-session';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('startSession', () => {
  const { db, trx } = rolledBackTransactions();

  const insertUser = () =>
    authStore.insertUser(trx(), {
      email: `user-${randomUUID()}@example.test`,
      password_hash: 'not used',
      display_name: 'Ada',
    });
  const tokenRow = (refreshToken: string) =>
    trx()
      .withSchema('auth')
      .table('refresh_tokens')
      .where({ token_hash: hashRefreshToken(refreshToken) })
      .first();

  it('signs an ES256 access token with the configured issuer, audience and lifetime', async () => {
    const deps = authCommandDeps(trx(), db, { ACCESS_TOKEN_TTL_SECONDS: '120', JWT_ISSUER: 'issuer-test' });
    const user = await insertUser();
    const session = await startSession({ trx: trx(), deps, user });
    expect(session.expiresIn).toBe(120);
    expect(decodeProtectedHeader(session.accessToken)).toMatchObject({
      alg: 'ES256',
      typ: 'at+jwt',
      kid: (await deps.keys.signingKey()).kid,
    });
    const claims = decodeJwt(session.accessToken);
    expect(claims).toMatchObject({
      sub: user.id,
      role: 'user',
      iss: 'issuer-test',
      aud: deps.tokens.audience,
    });
    expect(claims.exp! - claims.iat!).toBe(120);
    await expect(verifierFor(deps).verify(session.accessToken)).resolves.toMatchObject({ userId: user.id });
  });

  it('stores only the refresh token’s hash, expiring after the configured lifetime', async () => {
    const deps = authCommandDeps(trx(), db, { REFRESH_TOKEN_TTL_SECONDS: '3600' });
    const user = await insertUser();
    const before = Date.now();
    const session = await startSession({ trx: trx(), deps, user });
    const row = await tokenRow(session.refreshToken);
    expect(row.user_id).toBe(user.id);
    expect(Buffer.from(row.token_hash).toString('utf8')).not.toContain(session.refreshToken);
    expect(row.expires_at.getTime()).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    expect(row.expires_at.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);
  });

  it('starts a new family, or continues the one it is given', async () => {
    const deps = authCommandDeps(trx(), db);
    const user = await insertUser();
    const first = await startSession({ trx: trx(), deps, user });
    const family = (await tokenRow(first.refreshToken)).family_id;
    const fresh = await startSession({ trx: trx(), deps, user });
    const continued = await startSession({ trx: trx(), deps, user, familyId: family });
    expect((await tokenRow(fresh.refreshToken)).family_id).not.toBe(family);
    expect((await tokenRow(continued.refreshToken)).family_id).toBe(family);
  });
});
