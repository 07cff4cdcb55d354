import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createAccessTokenVerifier } from '../internal/access-tokens';
import { AppError } from '../internal/errors';
import { issueAccessToken } from './access-tokens';

const settings = { issuer: 'streamhub', audience: 'streamhub-api', ttlSeconds: 900 };

async function newKey() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey: privateKey, jwk };
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function expectUnauthenticated(promise: Promise<unknown>, detail: RegExp) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('unauthenticated');
  expect((error as AppError).detail).toMatch(detail);
}

// Lives with the issuer: tokens auth signs must pass the verifier every
// edge shares (services/internal never imports a service).
describe('access tokens', () => {
  let key: Awaited<ReturnType<typeof newKey>>;
  let fetches: number;
  let published: JWK[];
  let clock: number;
  const verifier = () =>
    createAccessTokenVerifier({
      issuer: settings.issuer,
      audience: settings.audience,
      fetchJwks: async () => {
        fetches += 1;
        return { keys: published };
      },
      now: () => clock,
    });

  beforeEach(async () => {
    key = await newKey();
    published = [key.jwk];
    fetches = 0;
    clock = Date.now();
  });

  it('round-trips sub, role, sid and jti through a signed token', async () => {
    const token = await issueAccessToken(
      { userId: 'u-1', role: 'admin', sessionId: 's-1' },
      key,
      settings,
      new Date(clock),
    );
    const claims = await verifier().verify(token);
    expect(claims).toMatchObject({ userId: 'u-1', role: 'admin', sessionId: 's-1' });
    expect(claims.tokenId).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.expiresAt.getTime()).toBe(Math.floor(clock / 1000) * 1000 + 900_000);
  });

  it('refuses an expired token', async () => {
    const token = await issueAccessToken(
      { userId: 'u-1', role: 'user', sessionId: 's-1' },
      key,
      settings,
      new Date(clock - 901_000),
    );
    await expectUnauthenticated(verifier().verify(token), /expired/);
  });

  it('refuses a token for another audience or issuer', async () => {
    const wrongAudience = await issueAccessToken({ userId: 'u', role: 'user', sessionId: 's-1' }, key, {
      ...settings,
      audience: 'other',
    });
    const wrongIssuer = await issueAccessToken({ userId: 'u', role: 'user', sessionId: 's-1' }, key, {
      ...settings,
      issuer: 'evil',
    });
    await expectUnauthenticated(verifier().verify(wrongAudience), /invalid/);
    await expectUnauthenticated(verifier().verify(wrongIssuer), /invalid/);
  });

  it('refuses alg none and HMAC tokens', async () => {
    const claims = {
      sub: 'u',
      role: 'admin',
      iss: settings.issuer,
      aud: settings.audience,
      iat: 1,
      exp: 4e9,
      jti: 'x',
    };
    const none = `${base64url({ alg: 'none', typ: 'at+jwt' })}.${base64url(claims)}.`;
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'at+jwt' })
      .sign(new TextEncoder().encode('secret'));
    await expectUnauthenticated(verifier().verify(none), /invalid/);
    await expectUnauthenticated(verifier().verify(hmac), /invalid/);
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({ role: 'user' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
      .setSubject('u')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt()
      .setJti('j')
      .sign(key.privateKey);
    await expectUnauthenticated(verifier().verify(token), /invalid/);
  });

  it('refuses a token signed by a key that is not published', async () => {
    const stranger = await newKey();
    const token = await issueAccessToken({ userId: 'u', role: 'user', sessionId: 's-1' }, stranger, settings);
    await expectUnauthenticated(verifier().verify(token), /invalid/);
  });

  it('re-reads the key set for an unknown kid, at most once per interval', async () => {
    const check = verifier();
    await check.verify(
      await issueAccessToken({ userId: 'u', role: 'user', sessionId: 's-1' }, key, settings, new Date(clock)),
    );
    const rotated = await newKey();
    published = [key.jwk, rotated.jwk];
    clock += 10_000;
    const claims = await check.verify(
      await issueAccessToken(
        { userId: 'v', role: 'user', sessionId: 's-1' },
        rotated,
        settings,
        new Date(clock),
      ),
    );
    expect(claims.userId).toBe('v');
    expect(fetches).toBe(2);
    const stranger = await newKey();
    await expectUnauthenticated(
      check.verify(
        await issueAccessToken(
          { userId: 'w', role: 'user', sessionId: 's-1' },
          stranger,
          settings,
          new Date(clock),
        ),
      ),
      /invalid/,
    );
    expect(fetches).toBe(2);
  });
});
