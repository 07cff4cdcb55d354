import { createHash, randomBytes } from 'node:crypto';

// Refresh tokens are opaque random strings; only their SHA-256 is stored, so
// a leaked table cannot be replayed.
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
