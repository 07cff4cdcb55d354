import type { Database } from '../db';
import { isUserId as isUuid } from '../user-id';
import type { OutboxRow } from './outbox';

// A relay's batch in two round trips to Postgres instead of five: the first
// opens the transaction, takes the relay's turn (ordered relays) and locks
// the batch's rows in one message; the second deletes what Kafka
// acknowledged and commits. The first is on every event's way to Kafka, so
// each round trip saved there is latency saved for every chat message; both
// carry only text the relay makes itself (a schema name from code, row ids
// it read, both checked), because several statements in one message cannot
// take parameters.

export interface OpenBatch {
  /** False when another process holds the schema's turn (ordered relays): nothing was read. */
  hasTurn: boolean;
  rows: OutboxRow[];
  /** Deletes the rows that were sent and commits. */
  commit(sentIds: string[]): Promise<void>;
  /** Ends the transaction without deleting anything: the rows stay for the next batch. */
  rollback(): Promise<void>;
}

interface PgResult {
  rows: Array<Record<string, unknown>>;
}
interface PgConnection {
  query(text: string): Promise<PgResult | PgResult[]>;
}
interface PooledClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Opens a batch on a pooled connection, which it holds until commit or
 * rollback. Rows are locked `FOR UPDATE SKIP LOCKED` (replicas of an
 * unordered relay share the work; a redaction waits for the batch). An
 * ordered relay first takes a transaction-scoped advisory lock, and reads
 * (and locks) nothing when another process holds it: a standing-by relay
 * that locked rows could make the turn's holder skip them and send later
 * events first.
 */
export async function openBatch(
  db: Database,
  schema: string,
  options: { ordered: boolean; size: number },
): Promise<OpenBatch> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`not a schema name: ${schema}`);
  const turn = options.ordered ? `pg_try_advisory_xact_lock(hashtext('outbox-relay:${schema}'))` : 'true';
  const client = db.client as PooledClient;
  const connection = await client.acquireConnection();
  let results: PgResult | PgResult[];
  try {
    results = await connection.query(
      `BEGIN;
       WITH turn AS MATERIALIZED (SELECT ${turn} AS taken)
       SELECT turn.taken, row.id, row.topic, row.key, row.event_type, row.payload, row.trace_parent
         FROM turn LEFT JOIN LATERAL (
           SELECT id, topic, key, event_type, payload, trace_parent FROM "${schema}".outbox
            WHERE turn.taken ORDER BY created_at LIMIT ${Math.trunc(options.size)}
            FOR UPDATE SKIP LOCKED
         ) row ON true`,
    );
  } catch (error) {
    await endTransaction(client, connection, 'ROLLBACK').catch(() => undefined);
    throw error;
  }
  const selected = (results as PgResult[])[1]!.rows;
  const rows = selected.filter((row) => row.id !== null) as unknown as OutboxRow[];
  return {
    hasTurn: selected[0]?.taken === true,
    rows,
    async commit(sentIds) {
      for (const id of sentIds) if (!isUuid(id)) throw new Error(`not an outbox row id: ${id}`);
      const deletion = sentIds.length
        ? `DELETE FROM "${schema}".outbox WHERE id = ANY('{${sentIds.join(',')}}'::uuid[]); `
        : '';
      await endTransaction(client, connection, `${deletion}COMMIT`);
    },
    rollback: () => endTransaction(client, connection, 'ROLLBACK'),
  };
}

/** Sends the transaction's last message and gives the connection back, whatever happened. */
async function endTransaction(client: PooledClient, connection: PgConnection, text: string): Promise<void> {
  try {
    await connection.query(text);
  } catch (error) {
    // A failed COMMIT or DELETE leaves an aborted transaction: end it before the pool reuses the connection.
    if (text !== 'ROLLBACK') await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.releaseConnection(connection);
  }
}
