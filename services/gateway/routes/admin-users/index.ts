import { defineRoute } from '../../route';
import { getUser, listUsers, updateUserAccess } from './handlers';
import {
  AdminUserListSchema,
  AdminUserSchema,
  ListUsersQuery,
  UpdateUserAccessBody,
  UserIdParams,
} from './schema';

const tags = ['Admin'];

export const adminUserRoutes = [
  defineRoute({
    operationId: 'adminListUsers',
    method: 'get',
    path: '/v1/admin/users',
    summary: 'Search accounts by email, role and status, newest first, with cursor pagination',
    tags,
    auth: true,
    requiredRole: 'admin',
    query: ListUsersQuery,
    responses: { 200: { description: 'A page of accounts', schema: AdminUserListSchema } },
    handler: listUsers,
  }),
  defineRoute({
    operationId: 'adminGetUser',
    method: 'get',
    path: '/v1/admin/users/{id}',
    summary: 'One account, with its role and status',
    tags,
    auth: true,
    requiredRole: 'admin',
    params: UserIdParams,
    responses: { 200: { description: 'The account', schema: AdminUserSchema } },
    errors: ['user_not_found'],
    handler: getUser,
  }),
  defineRoute({
    operationId: 'adminUpdateUser',
    method: 'patch',
    path: '/v1/admin/users/{id}',
    summary: 'Change an account’s role, or disable or enable it (its tokens stop working at once)',
    tags,
    auth: true,
    requiredRole: 'admin',
    params: UserIdParams,
    body: UpdateUserAccessBody,
    responses: {
      200: { description: 'The account after the change', schema: AdminUserSchema },
      409: { description: '`last_admin`: the change would leave no active admin' },
    },
    errors: ['user_not_found', 'last_admin'],
    handler: updateUserAccess,
  }),
];
