import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../internal/time-id-cursor';
import { isUserId } from '../../internal/user-id';
import type { AdminDeps } from '../deps';
import { ADMIN_ERRORS } from '../errors';
import { adminStore, type AuditRow } from '../store';

export const MAX_AUDIT_PAGE = 200;

/** The audit log, newest first, filtered by actor, action and time range, one page at a time. */
export async function listAuditLog(props: {
  deps: AdminDeps;
  actorUserId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  cursor?: string;
}): Promise<{ entries: AuditRow[]; nextCursor: string | undefined }> {
  if (props.actorUserId && !isUserId(props.actorUserId)) throw ADMIN_ERRORS.invalidActor();
  const limit = Math.min(Math.max(props.limit || 50, 1), MAX_AUDIT_PAGE);
  // One row more than asked tells whether another page follows.
  const rows = await adminStore.listAuditEntries(props.deps.db, {
    actorUserId: props.actorUserId || undefined,
    action: props.action || undefined,
    from: props.from,
    to: props.to,
    before: props.cursor ? decodeCursor(props.cursor) : undefined,
    limit: limit + 1,
  });
  const entries = rows.slice(0, limit);
  const last = entries.at(-1);
  return {
    entries,
    nextCursor:
      rows.length > limit && last ? encodeTimeIdCursor(last.occurred_at, String(last.id)) : undefined,
  };
}

function decodeCursor(cursor: string): { occurredAt: Date; id: string } {
  const key = decodeTimeIdCursor(cursor, /^\d{1,19}$/);
  if (!key) throw ADMIN_ERRORS.invalidCursor();
  return { occurredAt: key.at, id: key.id };
}
