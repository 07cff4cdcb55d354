import { randomUUID } from 'node:crypto';
import knex from 'knex';
import { createLogger } from '../logger';
import { eventually } from '../testing/eventually';
import { requireTestEnv } from '../testing/require-env';
import { listenForOutbox, outboxChannel } from './outbox-wakeup';

describe('the outbox wake-up', () => {
  const env = requireTestEnv(['DATABASE_URL']);
  // The listener uses the pool's own settings, so its connection carries this name too.
  const applicationName = `outbox-wakeup-test-${randomUUID().slice(0, 8)}`;
  const db = knex({
    client: 'pg',
    connection: { connectionString: env.DATABASE_URL, application_name: applicationName },
  });
  const logger = createLogger({ level: 'silent' });

  afterAll(() => db.destroy());

  /** Connections of this test that LISTEN (the pool's own ones never do). */
  async function listeningConnections(): Promise<number> {
    const { rows } = await db.raw<{ rows: Array<{ count: string }> }>(
      `SELECT count(*) FROM pg_stat_activity
        WHERE application_name = ? AND pid <> pg_backend_pid() AND (query LIKE 'LISTEN %' OR query LIKE 'UNLISTEN %')`,
      [applicationName],
    );
    return Number(rows[0]!.count);
  }

  const notify = (schema: string) => db.raw("SELECT pg_notify(?, '')", [outboxChannel(schema)]);

  /** Waits until the wake-up counts are these (each wake-up arrives on its own time). */
  const wokenAre = (woken: object, expected: object) =>
    eventually(
      async () => (JSON.stringify(woken) === JSON.stringify(expected) ? true : undefined),
      `wake-ups ${JSON.stringify(expected)} (now ${JSON.stringify(woken)})`,
      10_000,
    );

  it('wakes every relay of a process through one connection, each on its own schema only', async () => {
    const woken = { auth: 0, files: 0, chat: 0, chatToo: 0 };
    const listeners = await Promise.all([
      listenForOutbox(db, 'auth', () => (woken.auth += 1), logger),
      listenForOutbox(db, 'files', () => (woken.files += 1), logger),
      listenForOutbox(db, 'chat', () => (woken.chat += 1), logger),
      // Two relays of one schema in one process (tests run three) both wake.
      listenForOutbox(db, 'chat', () => (woken.chatToo += 1), logger),
    ]);
    // Postgres wakes every listening backend on every NOTIFY: one per process, not one per relay.
    expect(await listeningConnections()).toBe(1);

    await notify('chat');
    await wokenAre(woken, { auth: 0, files: 0, chat: 1, chatToo: 1 });
    await notify('files');
    await wokenAre(woken, { auth: 0, files: 1, chat: 1, chatToo: 1 });

    // A stopped relay hears nothing more; the others still do.
    await listeners[2].stop();
    await notify('chat');
    await wokenAre(woken, { auth: 0, files: 1, chat: 1, chatToo: 2 });

    await Promise.all(listeners.map((listener) => listener.stop()));
    await eventually(
      async () => ((await listeningConnections()) === 0 ? true : undefined),
      'the wake-up connection to close',
      10_000,
    );
  });

  it('opens a new connection for relays that start after the last one stopped', async () => {
    const woken = { billing: 0 };
    const first = await listenForOutbox(db, 'billing', () => undefined, logger);
    await first.stop();
    const second = await listenForOutbox(db, 'billing', () => (woken.billing += 1), logger);
    await notify('billing');
    await wokenAre(woken, { billing: 1 });
    await second.stop();
  });
});
