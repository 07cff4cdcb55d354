import { defineRoute } from '../../route';
import { getStats } from './handlers';
import { AdminStatsSchema } from './schema';

export const adminStatsRoutes = [
  defineRoute({
    operationId: 'adminGetStats',
    method: 'get',
    path: '/v1/admin/stats',
    summary: 'Users, active subscriptions by plan, bytes stored, uploads and messages per day',
    tags: ['Admin'],
    auth: true,
    requiredRole: 'admin',
    responses: { 200: { description: 'The statistics', schema: AdminStatsSchema } },
    handler: getStats,
  }),
];
