import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { z } from 'zod';
import type { AuditEntry } from '../../../../proto/gen/admin/v1/admin_pb.js';

export const AuditEntrySchema = z
  .object({
    id: z.string().describe('Increasing with recording order'),
    action: z.string().describe('The event type, e.g. user.disabled (docs/admin.md lists them)'),
    actorUserId: z.uuid().nullable().describe('Who did it; null for the system and for anonymised entries'),
    subjectId: z.string().nullable().describe('What it was done to (usually a user id)'),
    data: z.record(z.string(), z.unknown()),
    occurredAt: z.iso.datetime(),
  })
  .meta({ id: 'AuditEntry' });

export const AuditLogSchema = z
  .object({
    items: z.array(AuditEntrySchema),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` for the next (older) page; null on the last page'),
  })
  .meta({ id: 'AuditLog' });

export const AuditLogQuery = z
  .object({
    actor: z.uuid().optional().describe('only entries by this user'),
    action: z.string().trim().min(1).max(100).optional().describe('only this action, e.g. user.role_changed'),
    from: z.iso.datetime({ offset: true }).optional().describe('occurred at or after (inclusive)'),
    to: z.iso.datetime({ offset: true }).optional().describe('occurred before (exclusive)'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(1024).optional(),
  })
  .refine((query) => !query.from || !query.to || new Date(query.from) < new Date(query.to), {
    message: 'from must be before to',
    path: ['to'],
  });
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;

export const timestampOf = (iso: string | undefined) => (iso ? timestampFromDate(new Date(iso)) : undefined);

export function presentAuditEntry(entry: AuditEntry): z.infer<typeof AuditEntrySchema> {
  return {
    id: entry.id,
    action: entry.action,
    actorUserId: entry.actorUserId || null,
    subjectId: entry.subjectId || null,
    data: JSON.parse(entry.dataJson || '{}') as Record<string, unknown>,
    occurredAt: (entry.occurredAt ? timestampDate(entry.occurredAt) : new Date(0)).toISOString(),
  };
}
