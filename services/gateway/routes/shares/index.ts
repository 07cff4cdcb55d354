import { z } from 'zod';
import type { ErrorCode } from '../../../internal/error-codes';
import { SharedItemSchema, ShareSchema } from '../../presenters/share';
import { defineRoute, type HandlerContext } from '../../route';
import { createShare, listSharedWithMe, listShares, revokeShare } from './handlers';
import { CreateShareBody, ItemParams, ShareParams, SharedWithMeQuery } from './schema';

const tags = ['Shares'];
const forbidden = {
  403: { description: '`forbidden`: only the owner shares, lists and revokes (a grantee)' },
};

// The same three routes under /v1/files/{id} and /v1/folders/{id}.
function itemShareRoutes(kind: 'file' | 'folder') {
  const base = kind === 'file' ? '/v1/files/{id}/shares' : '/v1/folders/{id}/shares';
  const Kind = kind === 'file' ? 'File' : 'Folder';
  const notFoundCode: ErrorCode = kind === 'file' ? 'file_not_found' : 'folder_not_found';
  const notFound = { 404: { description: `\`${notFoundCode}\`: no such ${kind} for this user` } };
  return [
    defineRoute({
      operationId: `create${Kind}Share`,
      method: 'post',
      path: base,
      summary: `Share a ${kind} with an email address as viewer or editor (owner only); again for the same address changes the role`,
      tags,
      auth: true,
      writeLimit: 'shares',
      params: ItemParams,
      body: CreateShareBody,
      responses: {
        201: {
          description:
            'The share, alike whether or not an account has the address (it reaches the account once the address is verified)',
          schema: ShareSchema,
        },
        ...forbidden,
        ...notFound,
      },
      errors: [notFoundCode, 'forbidden'],
      handler: (context: HandlerContext<CreateShareBody, undefined, ItemParams>) =>
        createShare(kind, context),
    }),
    defineRoute({
      operationId: `list${Kind}Shares`,
      method: 'get',
      path: base,
      summary: `The ${kind}'s live shares, oldest first (owner only)`,
      tags,
      auth: true,
      params: ItemParams,
      responses: {
        200: { description: 'Shares', schema: z.object({ items: z.array(ShareSchema) }) },
        ...forbidden,
        ...notFound,
      },
      errors: [notFoundCode, 'forbidden'],
      handler: (context: HandlerContext<undefined, undefined, ItemParams>) => listShares(kind, context),
    }),
    defineRoute({
      operationId: `revoke${Kind}Share`,
      method: 'delete',
      path: `${base}/{shareId}`,
      summary: 'Revoke a share (owner only); revoking it again answers the same',
      tags,
      auth: true,
      params: ShareParams,
      responses: {
        204: { description: 'Revoked' },
        ...forbidden,
        404: { description: `\`${notFoundCode}\`, or \`share_not_found\`: not a share of this ${kind}` },
      },
      errors: [notFoundCode, 'forbidden', 'share_not_found'],
      handler: (context: HandlerContext<undefined, undefined, ShareParams>) => revokeShare(kind, context),
    }),
  ];
}

export const shareRoutes = [
  ...itemShareRoutes('file'),
  ...itemShareRoutes('folder'),
  defineRoute({
    operationId: 'listSharedWithMe',
    method: 'get',
    path: '/v1/shared-with-me',
    summary:
      'Live files and folders others shared with the caller, with search, sorting and cursor pagination',
    tags,
    auth: true,
    query: SharedWithMeQuery,
    responses: {
      200: {
        description: 'A page of shared items',
        schema: z.object({ items: z.array(SharedItemSchema), nextCursor: z.string().nullable() }),
      },
    },
    errors: ['invalid_cursor'],
    handler: listSharedWithMe,
  }),
];
