import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet } from 'jose';
import { ACCESS_TOKEN_TYPE } from '../../internal/access-tokens';

export interface AccessTokenOptions {
  userId: string;
  role?: string;
  issuer?: string;
  audience?: string;
  expiresInSeconds?: number;
  /** Replaces the key the token is signed with (a forger's key), keeping the published kid. */
  signWith?: CryptoKey;
}

/**
 * An ES256 key pair made for one test, published as a JWKS the way the auth
 * service publishes its keys, and tokens signed with it as auth signs them.
 */
export interface TestSigningKey {
  kid: string;
  jwks: JSONWebKeySet;
  accessToken(options: AccessTokenOptions): Promise<string>;
}

export async function createTestSigningKey(tokens: {
  issuer: string;
  audience: string;
}): Promise<TestSigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
  return {
    kid,
    jwks,
    async accessToken(options) {
      const issuedAt = Math.floor(Date.now() / 1000);
      return new SignJWT({ role: options.role ?? 'user' })
        .setProtectedHeader({ alg: 'ES256', kid, typ: ACCESS_TOKEN_TYPE })
        .setSubject(options.userId)
        .setIssuer(options.issuer ?? tokens.issuer)
        .setAudience(options.audience ?? tokens.audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + (options.expiresInSeconds ?? 300))
        .setJti(randomUUID())
        .sign(options.signWith ?? privateKey);
    },
  };
}
