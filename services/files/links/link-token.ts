import { createHash, randomBytes } from 'node:crypto';

// 256 random bits, base64url: unguessable, and safe in a URL path as is.
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newLinkToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** What files.links.token_hash holds: the token itself is never stored. */
export function hashLinkToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** False for anything newLinkToken cannot have made, so it is refused without a query. */
export function looksLikeLinkToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}
