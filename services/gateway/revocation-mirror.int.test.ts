import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger } from '../internal/logger';
import { revokeSessions } from '../internal/session-revocations';
import { newTokenId } from '../internal/token-ids';
import { eventually } from '../internal/testing/eventually';
import { requireTestEnv } from '../internal/testing/require-env';
import { startRevocationMirror, type RevocationMirror } from './revocation-mirror';

describe('the revocation mirror', () => {
  const { REDIS_URL } = requireTestEnv(['REDIS_URL']);
  // A prefix of this test's own: its keys and channel meet no other test's.
  const keyPrefix = `revocations-test-${randomUUID()}:`;
  const clients: Redis[] = [];
  const mirrors: RevocationMirror[] = [];
  // The mirrors' subscribers inherit the name: this test cuts only its own connections.
  const connectionName = `revocations-test-${randomUUID()}`;
  const connect = () => {
    const client = new Redis(REDIS_URL, { keyPrefix, connectionName, maxRetriesPerRequest: 1 });
    clients.push(client);
    return client;
  };
  const mirror = async () => {
    const started = await startRevocationMirror({
      redis: connect(),
      logger: createLogger({ level: 'silent', format: 'json' }),
      tokenLifetimeMs: LIFETIME,
    });
    mirrors.push(started);
    return started;
  };
  const LIFETIME = 60_000;
  // A token issued at `issuedAt` (epoch ms), as auth issues them (a UUIDv7 id).
  const claims = (userId: string, issuedAt: number) => ({
    userId,
    tokenId: newTokenId(issuedAt),
    expiresAt: new Date(issuedAt + LIFETIME),
  });
  const revoke = (userId: string, revokedAtMs: number) =>
    revokeSessions(connect(), { userId, revokedAtMs }, LIFETIME);

  afterAll(async () => {
    await Promise.all(mirrors.map((started) => started.stop()));
    await Promise.all(clients.map((client) => client.quit()));
  });

  it('loads the recent revocations when it starts: tokens issued up to then are refused, later ones not', async () => {
    const userId = randomUUID();
    const at = Date.now();
    await revoke(userId, at);
    const started = await mirror();
    expect(started.isLive()).toBe(true);
    expect(started.isRevoked(claims(userId, at - 5_000))).toBe(true);
    expect(started.isRevoked(claims(userId, at))).toBe(true);
    // Issued a millisecond after the revocation (after a re-enable, or a refresh with the new role).
    expect(started.isRevoked(claims(userId, at + 1))).toBe(false);
    expect(started.isRevoked(claims(randomUUID(), at - 5_000))).toBe(false);
  });

  it('dates a token whose id is not a UUIDv7 by its expiry, refusing when in doubt', async () => {
    const userId = randomUUID();
    const at = Date.now();
    await revoke(userId, at);
    const started = await mirror();
    const v4 = (expiresAt: number) => ({ userId, tokenId: randomUUID(), expiresAt: new Date(expiresAt) });
    expect(started.isRevoked(v4(at + LIFETIME))).toBe(true);
    expect(started.isRevoked(v4(at + LIFETIME + 1000))).toBe(false);
  });

  it('hears a revocation made later in every process that mirrors, at once', async () => {
    const [first, second] = [await mirror(), await mirror()];
    const userId = randomUUID();
    const at = Date.now();
    await revoke(userId, at);
    for (const started of [first, second])
      await eventually(async () => started.isRevoked(claims(userId, at - 1)) || undefined, 'the revocation');
  });

  it('keeps the later revocation, and forgets one older than a token lifetime', async () => {
    const started = await mirror();
    const userId = randomUUID();
    const at = Date.now();
    await revoke(userId, at);
    await revoke(userId, at - 10_000);
    await eventually(async () => started.isRevoked(claims(userId, at - 1)) || undefined, 'the revocation');
    expect(started.isRevoked(claims(userId, at - 5_000))).toBe(true);
    const old = randomUUID();
    await revoke(old, Date.now() - LIFETIME - 1);
    // Any token it would refuse has expired; a token from long ago is refused by its expiry anyway.
    expect(started.isRevoked(claims(old, Date.now() - 1))).toBe(false);
  });

  it('reloads after its subscriber connection is cut, catching up on what it missed', async () => {
    const started = await mirror();
    const redis = connect();
    // Cut this test's subscriber connections from the server side.
    const subscribers = ((await redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string)
      .split('\n')
      .filter((line) => line.includes(` name=${connectionName} `));
    expect(subscribers.length).toBeGreaterThan(0);
    // A revocation whose message this mirror never got (recorded, not published)...
    const userId = randomUUID();
    const at = Date.now();
    await redis.zadd('session-revocations', at, userId);
    expect(started.isRevoked(claims(userId, at - 1))).toBe(false);
    // ...is found by the reload that follows the reconnect.
    for (const line of subscribers) await redis.call('CLIENT', 'KILL', 'ID', /id=(\d+)/.exec(line)![1]!);
    await eventually(
      async () => (started.isLive() && started.isRevoked(claims(userId, at - 1))) || undefined,
      'the reload after reconnecting',
    );
  });
});
