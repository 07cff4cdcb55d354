import { ProfileSchema } from '../../presenters/user';
import { defineRoute } from '../../route';
import { getMe, updateMe } from './handlers';
import { UpdateMeBody } from './schema';

const tags = ['Accounts'];

export const meRoutes = [
  defineRoute({
    operationId: 'getMe',
    method: 'get',
    path: '/v1/me',
    summary: 'The caller’s profile, plan and usage',
    tags,
    auth: true,
    responses: { 200: { description: 'Profile', schema: ProfileSchema } },
    errors: ['user_not_found', 'no_default_plan'],
    handler: getMe,
  }),
  defineRoute({
    operationId: 'updateMe',
    method: 'patch',
    path: '/v1/me',
    summary: 'Change the caller’s display name',
    tags,
    auth: true,
    body: UpdateMeBody,
    responses: { 200: { description: 'Updated profile', schema: ProfileSchema } },
    errors: ['user_not_found', 'no_default_plan'],
    handler: updateMe,
  }),
];
