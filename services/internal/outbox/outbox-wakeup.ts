import pg from 'pg';
import type { Database, Transaction } from '../db';
import type { Logger } from '../logger';

// A committed outbox row wakes its relay at once instead of at the relay's
// next poll: the writing transaction sends a NOTIFY (Postgres delivers it on
// commit, and drops it on rollback; several in one transaction arrive as
// one), and the relay LISTENs on a connection of its own. The poll stays as
// the safety net for a lost connection. Without it a quiet outbox made each
// event wait up to one poll interval (200 ms) before reaching Kafka.

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
  // Not a pooled connection: LISTEN holds its connection for the relay's life.
  const client = new pg.Client(connectionConfig(db));
  client.on('notification', wake);
  client.on('error', (error) =>
    logger.warn({ err: error, schema }, 'outbox wake-up connection lost; the relay polls'),
  );
  await client.connect();
  await client.query(`LISTEN ${outboxChannel(schema)}`);
  return { stop: () => client.end().catch(() => undefined) };
}

/** The pool's own connection settings (knex keeps them parsed, or as the URL it was given). */
function connectionConfig(db: Database): pg.ClientConfig {
  const connection = (db.client as { config: { connection: unknown } }).config.connection;
  if (typeof connection === 'string') return { connectionString: connection };
  if (connection && typeof connection === 'object') return connection;
  throw new Error('the outbox wake-up needs the database connection settings');
}
