import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Database, Transaction } from './db';

// The hot reads skip knex's query builder and runner: their SQL is written
// once, sent to Postgres as a named prepared statement (parsed and planned
// once per connection, not on every call), and its rows come straight back.
// Measured in docs/performance.md.

export interface Statement {
  /** Unique per text: derived from it. */
  name: string;
  text: string;
}

const statements = new Map<string, Statement>();

/** The statement for this SQL text ($1, $2, ... placeholders). */
export function statement(text: string): Statement {
  let found = statements.get(text);
  if (!found) {
    found = { name: `q_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`, text };
    statements.set(text, found);
  }
  return found;
}

interface PgConnection {
  query(config: { name?: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs the statement on a pooled connection, or on the transaction's own
 * connection when `db` is a transaction. Unnamed (planned each time) with
 * `prepare: false`: for a query whose best plan depends on its values.
 */
export async function runStatement<Row>(
  db: Database | Transaction,
  sql: Statement,
  values: readonly unknown[],
  options: { prepare?: boolean } = {},
): Promise<Row[]> {
  const client = db.client as {
    acquireConnection(): Promise<PgConnection>;
    releaseConnection(connection: PgConnection): Promise<void>;
  };
  const connection = await client.acquireConnection();
  try {
    const config = options.prepare === false ? { text: sql.text, values } : { ...sql, values };
    return (await connection.query(config)).rows as Row[];
  } finally {
    await client.releaseConnection(connection);
  }
}

/** A built query compiled once (not again by knex's runner) and run through `runStatement`. */
export function queryBuilt<Row>(
  db: Database | Transaction,
  built: Knex.QueryBuilder,
  options: { prepare?: boolean } = {},
): Promise<Row[]> {
  const { sql, bindings } = built.toSQL().toNative();
  return runStatement<Row>(db, statement(sql), bindings, options);
}
