import { defineRoute } from '../../route';
import { deleteAccount, getUsageDrift } from './handlers';
import { AccountDeletionSchema, AccountIdParams, UsageDriftQuery, UsageDriftReportSchema } from './schema';

const tags = ['Admin'];

export const adminAccountRoutes = [
  defineRoute({
    operationId: 'adminDeleteUser',
    method: 'delete',
    path: '/v1/admin/users/{id}',
    summary:
      'Delete an account: disabled at once, then account-deletion:<id> removes every object, version and row and anonymises its audit entries',
    tags,
    auth: true,
    requiredRole: 'admin',
    params: AccountIdParams,
    responses: {
      202: {
        description: 'The deletion runs (asked again, the same answer, also once it is done)',
        schema: AccountDeletionSchema,
      },
      409: { description: '`last_admin`: the account is the last active admin' },
    },
    errors: ['user_not_found', 'last_admin'],
    handler: deleteAccount,
  }),
  defineRoute({
    operationId: 'adminGetUsageDrift',
    method: 'get',
    path: '/v1/admin/usage-drift',
    summary: 'Compare every user’s usage with the files rows and the object store, and report drift per user',
    tags,
    auth: true,
    requiredRole: 'admin',
    query: UsageDriftQuery,
    responses: { 200: { description: 'The reconciliation report', schema: UsageDriftReportSchema } },
    handler: getUsageDrift,
  }),
];
