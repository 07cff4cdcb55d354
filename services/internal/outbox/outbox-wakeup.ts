import pg from 'pg';
import type { Database, Transaction } from '../db';
import type { Logger } from '../logger';

// A committed outbox row wakes its relay at once instead of at the relay's
// next poll: the writing transaction sends a NOTIFY (Postgres delivers it on
// commit, and drops it on rollback; several in one transaction arrive as
// one), and the relay LISTENs. The poll stays as the safety net for a lost
// connection. Without it a quiet outbox made each event wait up to one poll
// interval (200 ms) before reaching Kafka.
//
// Every relay of a process listens through ONE connection (one per
// database pool). Postgres signals every listening backend of the database
// on every NOTIFY, whatever channel it listens on, and each one wakes to read
// the notification queue: with a connection per relay (five schemas, times
// the cluster workers) each chat post woke ten backends, and at 1,000 posts
// a second those wake-ups alone took a fifth of a core (docs/messaging.md).

/** The notification channel of one schema's outbox. */
export const outboxChannel = (schema: string) => `outbox_${schema}`;

export async function notifyOutbox(trx: Transaction, schema: string): Promise<void> {
  await trx.raw("SELECT pg_notify(?, '')", [outboxChannel(schema)]);
}

/** Calls `wake` on each commit that wrote to the schema's outbox, until stopped. */
export async function listenForOutbox(
  db: Database,
  schema: string,
  wake: () => void,
  logger: Logger,
): Promise<{ stop(): Promise<void> }> {
  let listener = listeners.get(db);
  if (!listener) {
    const created = new SharedListener(connectionConfig(db), logger, () => {
      // A relay that starts later gets a new connection.
      if (listeners.get(db) === created) listeners.delete(db);
    });
    listeners.set(db, created);
    listener = created;
  }
  return listener.add(outboxChannel(schema), wake);
}

const listeners = new WeakMap<Database, SharedListener>();

/**
 * One LISTEN connection (not a pooled one: LISTEN holds it) for every relay
 * of a pool. It LISTENs on a channel while a relay wants it and closes when
 * the last relay stops.
 */
class SharedListener {
  private readonly client: pg.Client;
  private readonly connected: Promise<void>;
  private readonly wakers = new Map<string, Set<() => void>>();
  /** LISTEN and UNLISTEN one at a time: a pg client runs one query at a time. */
  private commands: Promise<unknown> = Promise.resolve();
  /** Relays added and not yet stopped (or still being added). */
  private users = 0;

  constructor(
    config: pg.ClientConfig,
    private readonly logger: Logger,
    private readonly onClosed: () => void,
  ) {
    this.client = new pg.Client(config);
    this.client.on('notification', ({ channel }) => this.wakers.get(channel)?.forEach((wake) => wake()));
    this.client.on('error', (error) => {
      this.logger.warn(
        { err: error, channels: [...this.wakers.keys()] },
        'outbox wake-up connection lost; the relays poll',
      );
      this.onClosed();
    });
    this.connected = this.client.connect().then(() => undefined);
  }

  async add(channel: string, wake: () => void): Promise<{ stop(): Promise<void> }> {
    this.users += 1;
    try {
      await this.connected;
      let wakers = this.wakers.get(channel);
      if (!wakers) {
        wakers = new Set();
        this.wakers.set(channel, wakers);
        await this.command(`LISTEN ${channel}`);
      }
      wakers.add(wake);
    } catch (error) {
      await this.release();
      throw error;
    }
    let stopped = false;
    return {
      stop: async () => {
        if (stopped) return;
        stopped = true;
        const wakers = this.wakers.get(channel);
        wakers?.delete(wake);
        if (wakers?.size === 0) {
          this.wakers.delete(channel);
          await this.command(`UNLISTEN ${channel}`).catch(() => undefined);
        }
        await this.release();
      },
    };
  }

  private command(text: string): Promise<unknown> {
    const done = this.commands.then(() => this.client.query(text));
    this.commands = done.catch(() => undefined);
    return done;
  }

  private async release(): Promise<void> {
    this.users -= 1;
    if (this.users > 0) return;
    this.onClosed();
    await this.client.end().catch(() => undefined);
  }
}

/** The pool's own connection settings (knex keeps them parsed, or as the URL it was given). */
function connectionConfig(db: Database): pg.ClientConfig {
  const connection = (db.client as { config: { connection: unknown } }).config.connection;
  if (typeof connection === 'string') return { connectionString: connection };
  if (connection && typeof connection === 'object') return connection;
  throw new Error('the outbox wake-up needs the database connection settings');
}
