import { SignJWT } from 'jose';
import { ACCESS_TOKEN_TYPE } from '../internal/access-tokens';
import { newTokenId } from '../internal/token-ids';
import type { SigningKey } from './signing-keys';
import { ACCESS_TOKEN_ALG } from './signing-keys';

export interface AccessTokenSubject {
  userId: string;
  role: string;
  /** The login the token belongs to (its refresh-token family): logout revokes it by this id. */
  sessionId: string;
}

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** Signs a short-lived access token carrying sub, role, sid, iss, aud, iat, exp and jti. */
export function issueAccessToken(
  subject: AccessTokenSubject,
  key: SigningKey,
  settings: AccessTokenSettings,
  now = new Date(),
): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return (
    new SignJWT({ role: subject.role, sid: subject.sessionId })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: key.kid, typ: ACCESS_TOKEN_TYPE })
      .setSubject(subject.userId)
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + settings.ttlSeconds)
      // A UUIDv7: its issue time, to the millisecond, decides session revocations.
      .setJti(newTokenId(now.getTime()))
      .sign(key.privateKey)
  );
}
