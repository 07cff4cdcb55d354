import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger } from '../internal/logger';
import { revokeSessions } from '../internal/session-revocations';
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
    });
    mirrors.push(started);
    return started;
  };
  const claims = (userId: string, expiresInMs: number) => ({
    userId,
    expiresAt: new Date(Date.now() + expiresInMs),
  });

  afterAll(async () => {
    await Promise.all(mirrors.map((started) => started.stop()));
    await Promise.all(clients.map((client) => client.quit()));
  });

  it('loads the revocations in force when it starts', async () => {
    const userId = randomUUID();
    await revokeSessions(connect(), { userId, cutoffMs: Date.now() + 60_000 });
    const started = await mirror();
    expect(started.isLive()).toBe(true);
    expect(started.isRevoked(claims(userId, 30_000))).toBe(true);
    // A token that expires after the cutoff was issued after the revocation.
    expect(started.isRevoked(claims(userId, 120_000))).toBe(false);
    expect(started.isRevoked(claims(randomUUID(), 30_000))).toBe(false);
  });

  it('hears a revocation made later in every process that mirrors, at once', async () => {
    const [first, second] = [await mirror(), await mirror()];
    const userId = randomUUID();
    await revokeSessions(connect(), { userId, cutoffMs: Date.now() + 60_000 });
    for (const started of [first, second])
      await eventually(async () => started.isRevoked(claims(userId, 30_000)) || undefined, 'the revocation');
  });

  it('keeps the later cutoff, and forgets entries whose cutoff has passed', async () => {
    const started = await mirror();
    const userId = randomUUID();
    const redis = connect();
    await revokeSessions(redis, { userId, cutoffMs: Date.now() + 60_000 });
    await revokeSessions(redis, { userId, cutoffMs: Date.now() + 10_000 });
    await eventually(async () => started.isRevoked(claims(userId, 30_000)) || undefined, 'the revocation');
    const past = randomUUID();
    await revokeSessions(redis, { userId: past, cutoffMs: Date.now() - 1 });
    expect(started.isRevoked(claims(past, -10))).toBe(false);
  });

  it('reloads after its subscriber connection is cut, catching up on what it missed', async () => {
    const started = await mirror();
    const redis = connect();
    // Cut this test's subscriber connections from the server side.
    const subscribers = ((await redis.client('LIST', 'TYPE', 'pubsub')) as string)
      .split('\n')
      .filter((line) => line.includes(` name=${connectionName} `));
    expect(subscribers.length).toBeGreaterThan(0);
    // A revocation whose message this mirror never got (recorded, not published)...
    const userId = randomUUID();
    await redis.zadd('session-revocations', Date.now() + 60_000, userId);
    expect(started.isRevoked(claims(userId, 30_000))).toBe(false);
    // ...is found by the reload that follows the reconnect.
    for (const line of subscribers) await redis.client('KILL', 'ID', /id=(\d+)/.exec(line)![1]!);
    await eventually(
      async () => (started.isLive() && started.isRevoked(claims(userId, 30_000))) || undefined,
      'the reload after reconnecting',
    );
  });
});
