import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import { AppError } from './errors';

export const ACCESS_TOKEN_TYPE = 'at+jwt';
// Only the algorithm the auth service signs with is accepted: `none`, HMAC
// with the public key as secret, and every other algorithm are refused.
const ACCEPTED_ALGORITHMS = ['ES256'];
// A token signed by a key we have not seen makes us re-read the JWKS, but not
// more often than this, so forged kids cannot turn into a request flood.
const MIN_JWKS_REFRESH_MS = 10_000;

export type Role = 'user' | 'admin';

export interface AccessTokenClaims {
  userId: string;
  role: Role;
  tokenId: string;
  expiresAt: Date;
  /** The login (refresh-token family) the token belongs to; absent from tokens issued before it existed. */
  sessionId?: string;
}

export interface AccessTokenVerifier {
  verify(token: string): Promise<AccessTokenClaims>;
}

/** Verifies access tokens locally against the auth service's published keys. */
export function createAccessTokenVerifier(options: {
  issuer: string;
  audience: string;
  fetchJwks: () => Promise<JSONWebKeySet>;
  now?: () => number;
}): AccessTokenVerifier {
  let keySet: ReturnType<typeof createLocalJWKSet> | undefined;
  let fetchedAt = 0;
  const now = options.now ?? Date.now;

  async function keys(forceRefresh: boolean) {
    if (!keySet || (forceRefresh && now() - fetchedAt >= MIN_JWKS_REFRESH_MS)) {
      keySet = createLocalJWKSet(await options.fetchJwks());
      fetchedAt = now();
    }
    return keySet;
  }

  async function verifyWith(token: string, forceRefresh: boolean) {
    return jwtVerify(token, await keys(forceRefresh), {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ACCEPTED_ALGORITHMS,
      typ: ACCESS_TOKEN_TYPE,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      currentDate: new Date(now()),
    });
  }

  return {
    async verify(token) {
      let result;
      try {
        try {
          result = await verifyWith(token, false);
        } catch (error) {
          if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw error;
          result = await verifyWith(token, true);
        }
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired)
          throw new AppError('unauthenticated', 'the access token has expired');
        if (error instanceof joseErrors.JOSEError)
          throw new AppError('unauthenticated', 'the access token is invalid');
        throw error;
      }
      const { sub, role, jti, exp, sid } = result.payload;
      if (role !== 'user' && role !== 'admin')
        throw new AppError('unauthenticated', 'the access token is invalid');
      return {
        userId: sub as string,
        role,
        tokenId: jti as string,
        expiresAt: new Date((exp as number) * 1000),
        ...(typeof sid === 'string' ? { sessionId: sid } : {}),
      };
    },
  };
}
