import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { authorizedFetch } from './authorized-fetch';
import { ProblemError } from './errors';
import { FileResumeStore } from './resume-store';
import { TokenKeeper, type TokenPair } from './tokens';

// A fake of the gateway's token rules, enough for the keeper's logic: one valid
// access token at a time, refresh tokens single use.
function fakeGateway() {
  let generation = 0;
  const refreshes: string[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const { pathname } = new URL(request.url);
    if (pathname === '/v1/auth/refresh') {
      const { refreshToken } = (await request.json()) as { refreshToken: string };
      refreshes.push(refreshToken);
      // Let concurrent callers pile up behind this one.
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (refreshToken !== `refresh-${generation}`)
        return Response.json(
          {
            type: 'about:blank',
            title: 'Unauthorized',
            status: 401,
            code: 'refresh_token_reused',
            detail: 'spent',
          },
          { status: 401, headers: { 'content-type': 'application/problem+json' } },
        );
      generation += 1;
      return Response.json({
        accessToken: `access-${generation}`,
        refreshToken: `refresh-${generation}`,
        expiresIn: 900,
      });
    }
    const valid = request.headers.get('authorization') === `Bearer access-${generation}`;
    return new Response(valid ? 'ok' : 'expired', { status: valid ? 200 : 401 });
  }) as typeof fetch;
  return { fetchImpl, refreshes };
}

describe('token renewal', () => {
  it('renews once for concurrent requests refused with the same token, stores the pair and retries', async () => {
    const gateway = fakeGateway();
    const stored: Array<TokenPair | null> = [];
    // The access token the client holds has ended; its refresh token is still good.
    const keeper = new TokenKeeper(
      'http://gateway',
      gateway.fetchImpl,
      { accessToken: 'access-stale', refreshToken: 'refresh-0' },
      (pair) => void stored.push(pair),
    );
    const send = authorizedFetch(keeper, gateway.fetchImpl);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => send(new Request('http://gateway/v1/me'))),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(gateway.refreshes).toEqual(['refresh-0']);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    expect(keeper.current()?.accessToken).toBe('access-1');
  });

  it('ends the login and throws a ProblemError when the refresh token is refused', async () => {
    const gateway = fakeGateway();
    const stored: Array<TokenPair | null> = [];
    const keeper = new TokenKeeper(
      'http://gateway',
      gateway.fetchImpl,
      { accessToken: 'access-stale', refreshToken: 'refresh-spent' },
      (pair) => void stored.push(pair),
    );
    const send = authorizedFetch(keeper, gateway.fetchImpl);
    const failure = await send(new Request('http://gateway/v1/me')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProblemError);
    expect((failure as ProblemError).code).toBe('refresh_token_reused');
    expect(stored).toEqual([null]);
    expect(keeper.current()).toBeUndefined();
  });

  it('renews ahead of time when the access token is about to end', async () => {
    const gateway = fakeGateway();
    const keeper = new TokenKeeper(
      'http://gateway',
      gateway.fetchImpl,
      { accessToken: 'access-0', refreshToken: 'refresh-0', accessTokenExpiresAt: Date.now() + 1000 },
      undefined,
    );
    expect(await keeper.accessToken()).toBe('access-1');
    expect(gateway.refreshes).toEqual(['refresh-0']);
  });
});

describe('FileResumeStore', () => {
  it('keeps a state per key in a private file until deleted', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'resume-store-'));
    try {
      const store = new FileResumeStore(path.join(directory, 'uploads'));
      const state = { fileId: 'f', uploadId: 'u', partSize: 5, partCount: 3, parts: { '2': '"etag-2"' } };
      await store.set('key', state);
      expect(await new FileResumeStore(path.join(directory, 'uploads')).get('key')).toEqual(state);
      expect(await store.get('other')).toBeUndefined();
      const info = await stat(path.join(directory, 'uploads'));
      expect(info.mode & 0o077).toBe(0);
      await store.delete('key');
      expect(await store.get('key')).toBeUndefined();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
