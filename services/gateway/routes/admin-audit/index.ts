import { defineRoute } from '../../route';
import { listAuditLog } from './handlers';
import { AuditLogQuery, AuditLogSchema } from './schema';

export const adminAuditRoutes = [
  defineRoute({
    operationId: 'adminListAuditLog',
    method: 'get',
    path: '/v1/admin/audit-log',
    summary: 'Security-relevant and admin actions, newest first, by actor, action and time range (read-only)',
    tags: ['Admin'],
    auth: true,
    requiredRole: 'admin',
    query: AuditLogQuery,
    responses: { 200: { description: 'A page of entries', schema: AuditLogSchema } },
    handler: listAuditLog,
  }),
];
