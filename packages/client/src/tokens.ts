import { errorFromResponse } from './errors.js';

/** An access token and the single-use refresh token that renews it. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** When the access token ends (ms since the epoch); refreshed a little before. */
  accessTokenExpiresAt?: number;
}

/** Called with every new pair (store it before anything else: refresh tokens are single use), or null when the login ended. */
export type TokensListener = (tokens: TokenPair | null) => void | Promise<void>;

// Renew this long before the access token ends, so a request does not leave
// with a token that expires on the way.
const EARLY_REFRESH_MS = 30_000;

/**
 * Holds the pair and renews it. Concurrent requests that find the access
 * token expired share ONE refresh: a second refresh with the same (spent)
 * token would revoke the whole login.
 */
export class TokenKeeper {
  private refreshing: Promise<TokenPair> | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch,
    private tokens: TokenPair | undefined,
    private readonly listener: TokensListener | undefined,
  ) {}

  current(): TokenPair | undefined {
    return this.tokens;
  }

  async set(tokens: TokenPair | null): Promise<void> {
    this.tokens = tokens ?? undefined;
    await this.listener?.(tokens);
  }

  /** The access token to send now, renewed first when it is about to end. */
  async accessToken(): Promise<string | undefined> {
    const tokens = this.tokens;
    if (!tokens) return undefined;
    if (
      tokens.accessTokenExpiresAt !== undefined &&
      tokens.accessTokenExpiresAt - EARLY_REFRESH_MS < Date.now()
    )
      return (await this.refresh(tokens.accessToken)).accessToken;
    return tokens.accessToken;
  }

  /** Renews the pair once for everyone who saw `staleAccessToken` refused. */
  refresh(staleAccessToken: string): Promise<TokenPair> {
    const tokens = this.tokens;
    if (!tokens) return Promise.reject(new Error('not logged in'));
    // Someone already renewed it since this caller's request left.
    if (tokens.accessToken !== staleAccessToken) return Promise.resolve(tokens);
    this.refreshing ??= this.renew(tokens.refreshToken).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async renew(refreshToken: string): Promise<TokenPair> {
    const response = await this.fetchImpl(`${this.baseUrl}/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    if (!response.ok) {
      const error = await errorFromResponse(response, 'POST /v1/auth/refresh');
      // A refused refresh token ends the login (spent, revoked or expired).
      if (response.status === 401) await this.set(null);
      throw error;
    }
    const pair = tokenPairOf((await response.json()) as SessionTokens);
    await this.set(pair);
    return pair;
  }
}

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export function tokenPairOf(session: SessionTokens, now = Date.now()): TokenPair {
  return {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    accessTokenExpiresAt: now + session.expiresIn * 1000,
  };
}
