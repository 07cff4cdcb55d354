import type { TokenKeeper } from './tokens.js';

// Answers to these paths are about the tokens themselves: a 401 there is the
// answer, never a reason to refresh and try again.
const TOKEN_PATHS = ['/v1/auth/login', '/v1/auth/signup', '/v1/auth/refresh', '/v1/auth/logout'];

/**
 * fetch for the typed client: adds the access token and, when it is refused
 * (401), renews the pair once and sends the request again.
 */
export function authorizedFetch(
  keeper: TokenKeeper,
  fetchImpl: typeof fetch,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const accessToken = isTokenPath(request.url) ? undefined : await keeper.accessToken();
    if (!accessToken) return fetchImpl(request);
    // The body can be read once: keep a copy for the second try.
    const retry = request.clone();
    const first = await fetchImpl(withToken(request, accessToken));
    if (first.status !== 401 || !keeper.current()) return first;
    const renewed = await keeper.refresh(accessToken);
    await first.body?.cancel();
    return fetchImpl(withToken(retry, renewed.accessToken));
  };
}

function withToken(request: Request, accessToken: string): Request {
  const headers = new Headers(request.headers);
  headers.set('authorization', `Bearer ${accessToken}`);
  return new Request(request, { headers });
}

function isTokenPath(url: string): boolean {
  const { pathname } = new URL(url);
  return TOKEN_PATHS.includes(pathname);
}
