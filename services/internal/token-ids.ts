import { randomBytes } from 'node:crypto';

// Access-token ids (jti) are UUIDv7 (RFC 9562): the first 48 bits are the
// issue time in milliseconds. A session revocation (docs/admin.md) compares
// that time with the revocation's, exactly, where `iat` has only seconds.

/** A UUIDv7 for a token issued at `now` (epoch ms). */
export function newTokenId(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** When the token was issued (epoch ms), or undefined for an id that is not a UUIDv7. */
export function issuedAtOfTokenId(tokenId: string): number | undefined {
  const match = UUID_V7.exec(tokenId);
  return match ? parseInt(`${match[1]}${match[2]}`, 16) : undefined;
}
