import type { Database } from '../../internal/db';

/**
 * Account deletion: the audit log keeps what happened but no longer whom it
 * was about. The log is append-only (a trigger refuses every change); its
 * one allowed change is admin.anonymise_audit_entries() (migration
 * 20261130171000): entries the user caused or that were about them lose the
 * user's id (NULL, as for system actions) and the personal fields of their
 * data. Idempotent: a second run finds nothing and answers 0.
 */
export async function anonymiseUser(props: { db: Database; userId: string }): Promise<number> {
  const result = await props.db.raw<{ rows: Array<{ changed: number }> }>(
    'SELECT admin.anonymise_audit_entries(?) AS changed',
    [props.userId],
  );
  return result.rows[0]?.changed ?? 0;
}
