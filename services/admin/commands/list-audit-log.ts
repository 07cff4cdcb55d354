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
  return { entries, nextCursor: rows.length > limit && last ? encodeCursor(last) : undefined };
}

// The cursor is the last entry's sort key; opaque to clients.
function encodeCursor(entry: AuditRow): string {
  return Buffer.from(JSON.stringify([entry.occurred_at.toISOString(), String(entry.id)])).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): { occurredAt: Date; id: string } {
  try {
    const [occurredAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(occurredAt));
    if (typeof id === 'string' && /^\d{1,19}$/.test(id) && !Number.isNaN(date.getTime()))
      return { occurredAt: date, id };
  } catch {
    // not JSON: refused below
  }
  throw ADMIN_ERRORS.invalidCursor();
}
