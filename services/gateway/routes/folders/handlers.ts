import { presentFolder } from '../../presenters/file';
import type { HandlerContext } from '../../route';
import type { CreateFolderBody, FolderParams, ListFoldersQuery, UpdateFolderBody } from './schema';

export async function createFolder({
  koa,
  user,
  body,
  services,
}: HandlerContext<CreateFolderBody, undefined, undefined>) {
  const { folder } = await services.files.createFolder({
    userId: user.userId,
    name: body.name,
    parentId: body.parentId ?? '',
  });
  koa.status = 201;
  koa.body = presentFolder(folder);
}

export async function listFolders({
  koa,
  user,
  query,
  services,
}: HandlerContext<undefined, ListFoldersQuery, undefined>) {
  const response = await services.files.listFolders({
    userId: user.userId,
    parentId: query.parentId === 'root' ? '' : query.parentId,
    query: query.q ?? '',
    sort: query.sort,
    limit: query.limit,
    cursor: query.cursor ?? '',
  });
  koa.body = { items: response.folders.map(presentFolder), nextCursor: response.nextCursor || null };
}

export async function getFolder({
  koa,
  user,
  params,
  services,
}: HandlerContext<undefined, undefined, FolderParams>) {
  koa.body = presentFolder(
    (await services.files.getFolder({ userId: user.userId, folderId: params.id })).folder,
  );
}

export async function updateFolder({
  koa,
  user,
  params,
  body,
  services,
}: HandlerContext<UpdateFolderBody, undefined, FolderParams>) {
  const { folder } = await services.files.updateFolder({
    userId: user.userId,
    folderId: params.id,
    name: body.name,
    parentId: body.parentId === undefined ? undefined : (body.parentId ?? ''),
  });
  koa.body = presentFolder(folder);
}

export async function trashFolder({
  koa,
  user,
  params,
  services,
}: HandlerContext<undefined, undefined, FolderParams>) {
  const { files } = await services.files.trashFolder({ userId: user.userId, folderId: params.id });
  koa.status = 202;
  koa.body = { files };
}
