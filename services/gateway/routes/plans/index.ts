import { defineRoute } from '../../route';
import { listPlans } from './handlers';
import { PlanList } from './schema';

const tags = ['Plans'];

export const planRoutes = [
  defineRoute({
    operationId: 'listPlans',
    method: 'get',
    path: '/v1/plans',
    summary: 'The plans on sale, cheapest first',
    tags,
    auth: false,
    responses: { 200: { description: 'Plans', schema: PlanList } },
    handler: listPlans,
  }),
];
