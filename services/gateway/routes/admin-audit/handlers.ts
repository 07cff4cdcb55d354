import type { HandlerContext } from '../../route';
import { presentAuditEntry, timestampOf, type AuditLogQuery } from './schema';

export async function listAuditLog({
  koa,
  query,
  services,
}: HandlerContext<undefined, AuditLogQuery, undefined>) {
  const page = await services.admin.listAuditLog({
    actorUserId: query.actor ?? '',
    action: query.action ?? '',
    from: timestampOf(query.from),
    to: timestampOf(query.to),
    limit: query.limit,
    cursor: query.cursor ?? '',
  });
  koa.body = { items: page.entries.map(presentAuditEntry), nextCursor: page.nextCursor || null };
}
