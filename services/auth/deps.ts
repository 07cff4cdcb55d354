import type { Redis } from 'ioredis';
import type { ConfigSection } from '../internal/config';
import type { Database } from '../internal/db';
import type { PasswordHasher } from './passwords';
import type { SigningKeys } from './signing-keys';

/** What the auth commands need, built once by module.ts. */
export interface AuthDeps {
  db: Database;
  keys: SigningKeys;
  passwords: PasswordHasher;
  tokens: ConfigSection<'tokens'>;
  /** Login-failure counters and session revocations (docs/admin.md). */
  redis: Redis;
}
