import type { Database } from '../internal/db';

export interface AuditEntry {
  eventId: string;
  action: string;
  actorUserId: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
}

export interface AuditRow {
  id: string;
  event_id: string;
  action: string;
  actor_user_id: string | null;
  subject_id: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
}

export interface AuditFilter {
  actorUserId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Keyset: entries strictly older than this one (occurred_at, id). */
  before?: { occurredAt: Date; id: string };
  limit: number;
}

export const adminStore = {
  /** Records an entry once per event id; returns false when it was already there. */
  async recordAuditEntry(db: Database, entry: AuditEntry): Promise<boolean> {
    const inserted = await db
      .withSchema('admin')
      .table('audit_log')
      .insert({
        event_id: entry.eventId,
        action: entry.action,
        actor_user_id: entry.actorUserId,
        subject_id: entry.subjectId,
        data: entry.data,
        occurred_at: entry.occurredAt,
      })
      .onConflict('event_id')
      .ignore()
      .returning('id');
    return inserted.length > 0;
  },

  /** Newest first; the (actor, occurred_at) and (action, occurred_at) indexes serve the filters. */
  async listAuditEntries(db: Database, filter: AuditFilter): Promise<AuditRow[]> {
    const query = db.withSchema('admin').table('audit_log').select('*');
    if (filter.actorUserId) query.where('actor_user_id', filter.actorUserId);
    if (filter.action) query.where('action', filter.action);
    if (filter.from) query.where('occurred_at', '>=', filter.from);
    if (filter.to) query.where('occurred_at', '<', filter.to);
    if (filter.before)
      query.whereRaw('(occurred_at, id) < (?, ?)', [filter.before.occurredAt, filter.before.id]);
    return (await query
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit)) as AuditRow[];
  },
};
