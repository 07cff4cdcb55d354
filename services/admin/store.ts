import type { Database } from '../internal/db';

export interface AuditEntry {
  eventId: string;
  action: string;
  actorUserId: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
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
};
