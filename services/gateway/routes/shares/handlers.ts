import { AppError } from '../../../internal/errors';
import { presentFile } from '../../presenters/file';
import { presentShare, presentSharedItem } from '../../presenters/share';
import type { HandlerContext } from '../../route';
import type { CreateShareBody, ItemParams, ShareParams, SharedWithMeQuery } from './schema';

type ItemKind = 'file' | 'folder';
/** GET /v1/files' query, as far as the shared-with-me view reads it. */
type FilesSharedWithMeQuery = SharedWithMeQuery & { folderId?: string; starred?: boolean };

export async function createShare(
  kind: ItemKind,
  { koa, user, params, body, services }: HandlerContext<CreateShareBody, undefined, ItemParams>,
) {
  const { share } = await services.files.createShare({
    userId: user.userId,
    itemKind: kind,
    itemId: params.id,
    email: body.email,
    role: body.role,
  });
  // 201 for a new share and for a role change alike: the status must not tell them apart either.
  koa.status = 201;
  koa.body = presentShare(share);
}

export async function listShares(
  kind: ItemKind,
  { koa, user, params, services }: HandlerContext<undefined, undefined, ItemParams>,
) {
  const { shares } = await services.files.listShares({
    userId: user.userId,
    itemKind: kind,
    itemId: params.id,
  });
  koa.body = { items: shares.map(presentShare) };
}

export async function revokeShare(
  kind: ItemKind,
  { koa, user, params, services }: HandlerContext<undefined, undefined, ShareParams>,
) {
  await services.files.revokeShare({
    userId: user.userId,
    itemKind: kind,
    itemId: params.id,
    shareId: params.shareId,
  });
  koa.status = 204;
}

export async function listSharedWithMe({
  koa,
  user,
  query,
  services,
}: HandlerContext<undefined, SharedWithMeQuery, undefined>) {
  const { items, nextCursor } = await services.files.listSharedWithMe({
    userId: user.userId,
    query: query.q ?? '',
    sort: query.sort ?? '',
    limit: query.limit,
    cursor: query.cursor ?? '',
  });
  koa.body = { items: items.map(presentSharedItem), nextCursor: nextCursor || null };
}

/** GET /v1/files?sharedWithMe=true: the shared files alone, in GET /v1/files' shape. */
export async function listFilesSharedWithMe({
  koa,
  user,
  query,
  services,
}: HandlerContext<undefined, FilesSharedWithMeQuery, undefined>) {
  // Another user's folder or star is not the caller's to filter by: refused, not silently ignored.
  if (query.folderId !== undefined || query.starred !== undefined)
    throw new AppError('invalid_argument', 'sharedWithMe cannot be combined with folderId or starred', [
      { field: 'query.sharedWithMe', message: 'cannot be combined with folderId or starred' },
    ]);
  const { items, nextCursor } = await services.files.listSharedWithMe({
    userId: user.userId,
    itemKind: 'file',
    query: query.q ?? '',
    sort: query.sort ?? '',
    limit: query.limit,
    cursor: query.cursor ?? '',
  });
  koa.body = {
    items: items.flatMap((item) => (item.item.case === 'file' ? [presentFile(item.item.value)] : [])),
    nextCursor: nextCursor || null,
  };
}
