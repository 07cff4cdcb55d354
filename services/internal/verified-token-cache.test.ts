import { AppError } from './errors';
import type { AccessTokenClaims, AccessTokenVerifier } from './access-tokens';
import { cacheVerifiedTokens } from './verified-token-cache';

function countingVerifier(expiresAt: number) {
  const calls: string[] = [];
  const verifier: AccessTokenVerifier = {
    async verify(token) {
      calls.push(token);
      if (token.startsWith('bad')) throw new AppError('unauthenticated', 'the access token is invalid');
      const claims: AccessTokenClaims = {
        userId: token,
        role: 'user',
        tokenId: token,
        expiresAt: new Date(expiresAt),
      };
      return claims;
    },
  };
  return { verifier, calls };
}

describe('cacheVerifiedTokens', () => {
  it('verifies a token once and answers its repeats from memory', async () => {
    const { verifier, calls } = countingVerifier(10_000);
    const cached = cacheVerifiedTokens(verifier, { now: () => 0 });
    const first = await cached.verify('token-a');
    expect(await cached.verify('token-a')).toBe(first);
    expect(calls).toEqual(['token-a']);
  });

  it('never remembers a token that failed', async () => {
    const { verifier, calls } = countingVerifier(10_000);
    const cached = cacheVerifiedTokens(verifier, { now: () => 0 });
    await expect(cached.verify('bad-token')).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(cached.verify('bad-token')).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(calls).toEqual(['bad-token', 'bad-token']);
  });

  it('refuses a remembered token once it has expired', async () => {
    let now = 0;
    const { verifier } = countingVerifier(1_000);
    const cached = cacheVerifiedTokens(verifier, { now: () => now });
    await cached.verify('token-a');
    now = 1_000;
    await expect(cached.verify('token-a')).rejects.toMatchObject({
      code: 'unauthenticated',
      message: 'the access token has expired',
    });
  });

  it('keeps at most maxEntries tokens, dropping the oldest', async () => {
    const { verifier, calls } = countingVerifier(10_000);
    const cached = cacheVerifiedTokens(verifier, { maxEntries: 2, now: () => 0 });
    await cached.verify('a');
    await cached.verify('b');
    await cached.verify('c');
    await cached.verify('c');
    await cached.verify('b');
    await cached.verify('a');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
