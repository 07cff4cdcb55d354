import { Redis } from 'ioredis';
import knex from 'knex';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '../../internal/access-tokens';
import { loadConfig } from '../../internal/config';
import type { Database } from '../../internal/db';
import { requireTestEnv } from '../../internal/testing/require-env';
import type { AuthDeps } from '../deps';
import { PasswordHasher } from '../passwords';
import { SigningKeys } from '../signing-keys';

/** The test database (DATABASE_URL from the real stack); the caller destroys it. */
export function connectTestDatabase(): Database {
  const { DATABASE_URL } = requireTestEnv(['DATABASE_URL']);
  return knex({ client: 'pg', connection: DATABASE_URL });
}

let redis: Redis | undefined;

/**
 * The test Redis (REDIS_URL, under the run's key prefix), one client per
 * test file, closed after the file's tests.
 */
export function testRedis(): Redis {
  if (!redis) {
    const { REDIS_URL } = requireTestEnv(['REDIS_URL']);
    redis = new Redis(REDIS_URL, { keyPrefix: process.env.REDIS_KEY_PREFIX ?? '', maxRetriesPerRequest: 1 });
  }
  return redis;
}

afterAll(async () => {
  await redis?.quit();
  redis = undefined;
});

/**
 * What module.ts gives the auth commands, with the default token settings
 * and bcrypt at its cheapest cost so tests stay fast. Commands run on `db`
 * (usually a test's transaction); the signing keys always live on the pool
 * `keysDb`, as in production, where a command's transaction never holds
 * the connection the key store needs.
 */
export function authCommandDeps(db: Database, keysDb: Database, env: Record<string, string> = {}): AuthDeps {
  const tokens = loadConfig({ BCRYPT_COST: '4', ...env }, ['tokens']).get('tokens');
  return {
    db,
    tokens,
    keys: new SigningKeys(keysDb),
    passwords: new PasswordHasher(tokens.bcryptCost),
    redis: testRedis(),
  };
}

/** Verifies access tokens the way the gateway does, against the JWKS the auth service publishes. */
export function verifierFor(deps: AuthDeps): AccessTokenVerifier {
  return createAccessTokenVerifier({
    issuer: deps.tokens.issuer,
    audience: deps.tokens.audience,
    fetchJwks: () => deps.keys.jwks(),
  });
}
