import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Database, Transaction } from './db';

// The hot single-row reads skip knex's query builder and runner: their SQL is
// written once, sent to Postgres as a named prepared statement (parsed once
// per connection, and planned once: a lookup by key has one plan for every
// value), and its rows come straight back. List pages without a search term
// are built with knex and run the same way (runBuiltQuery); see
// docs/performance.md for the plans.

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

/** Runs the statement on a pooled connection, or on the transaction's own connection when `db` is one. */
export async function runStatement<Row>(
  db: Database | Transaction,
  sql: Statement,
  values: readonly unknown[],
): Promise<Row[]> {
  const client = db.client as {
    acquireConnection(): Promise<PgConnection>;
    releaseConnection(connection: PgConnection): Promise<void>;
  };
  const connection = await client.acquireConnection();
  try {
    return (await connection.query({ ...sql, values })).rows as Row[];
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * Runs a knex query as a prepared statement: its SQL text names the
 * statement, its bindings are the values. Only for queries whose shapes are
 * few (each distinct text is prepared once per connection) and whose best
 * plan does not depend on the values.
 */
export async function runBuiltQuery<Row>(
  db: Database | Transaction,
  query: Knex.QueryBuilder,
): Promise<Row[]> {
  const { sql, bindings } = query.toSQL().toNative();
  return runStatement<Row>(db, statement(sql), bindings);
}
