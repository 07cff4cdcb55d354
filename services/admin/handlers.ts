import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import type { AdminService } from '../../proto/gen/admin/v1/admin_pb.js';
import { listAuditLog } from './commands/list-audit-log';
import type { AdminDeps } from './deps';
import type { AuditRow } from './store';

// gRPC <-> commands, nothing else.
export function createAdminHandlers(deps: AdminDeps): ServiceImpl<typeof AdminService> {
  return {
    async listAuditLog(request) {
      const page = await listAuditLog({
        deps,
        actorUserId: request.actorUserId,
        action: request.action,
        from: request.from ? timestampDate(request.from) : undefined,
        to: request.to ? timestampDate(request.to) : undefined,
        limit: request.limit,
        cursor: request.cursor || undefined,
      });
      return { entries: page.entries.map(toEntryMessage), nextCursor: page.nextCursor ?? '' };
    },
  };
}

function toEntryMessage(entry: AuditRow) {
  return {
    id: String(entry.id),
    action: entry.action,
    actorUserId: entry.actor_user_id ?? '',
    subjectId: entry.subject_id ?? '',
    dataJson: JSON.stringify(entry.data),
    occurredAt: timestampFromDate(entry.occurred_at),
  };
}
