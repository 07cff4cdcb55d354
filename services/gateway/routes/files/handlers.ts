import { timestampDate } from '@bufbuild/protobuf/wkt';
import { presentFile, presentUpload, presentVersion } from '../../presenters/file';
import type { HandlerContext } from '../../route';
import { listFilesSharedWithMe } from '../shares/handlers';
import type {
  DownloadQuery,
  FileIdParams,
  ListFilesQuery,
  NewVersionBody,
  PageQuery,
  UpdateFileBody,
  VersionParams,
} from './schema';

type WithFile<Body = undefined, Query = undefined> = HandlerContext<Body, Query, FileIdParams>;

export async function listFiles({
  koa,
  user,
  query,
  services,
}: HandlerContext<undefined, ListFilesQuery, undefined>) {
  if (query.sharedWithMe)
    return listFilesSharedWithMe({ koa, user, query, services, body: undefined, params: undefined });
  const response = await services.files.listFiles({
    userId: user.userId,
    view: 'all',
    folderId: query.folderId === 'root' ? '' : query.folderId,
    query: query.q ?? '',
    starred: query.starred,
    sort: query.sort ?? '',
    limit: query.limit,
    cursor: query.cursor ?? '',
  });
  koa.body = { items: response.files.map(presentFile), nextCursor: response.nextCursor || null };
}

export async function listView(
  view: 'recent' | 'trash',
  { koa, user, query, services }: HandlerContext<undefined, PageQuery, undefined>,
) {
  const response = await services.files.listFiles({
    userId: user.userId,
    view,
    limit: query.limit,
    cursor: query.cursor ?? '',
  });
  koa.body = { items: response.files.map(presentFile), nextCursor: response.nextCursor || null };
}

export async function getFile({ koa, user, params, services }: WithFile) {
  koa.body = presentFile((await services.files.getFile({ userId: user.userId, fileId: params.id })).file);
}

export async function updateFile({ koa, user, params, body, services }: WithFile<UpdateFileBody>) {
  const { file } = await services.files.updateFile({
    userId: user.userId,
    fileId: params.id,
    name: body.name,
    folderId: body.folderId === undefined ? undefined : (body.folderId ?? ''),
    starred: body.starred,
  });
  koa.body = presentFile(file);
}

export async function download({ koa, user, params, query, services }: WithFile<undefined, DownloadQuery>) {
  const { url, expiresAt } = await services.files.getDownloadUrl({ userId: user.userId, fileId: params.id });
  const expires = expiresAt ? timestampDate(expiresAt).toISOString() : undefined;
  if (!query.redirect) {
    koa.body = { url, expiresAt: expires };
    return;
  }
  koa.set('Cache-Control', 'no-store');
  koa.redirect(url);
}

export async function trashFile({ koa, user, params, services }: WithFile) {
  const { file } = await services.files.trashFile({ userId: user.userId, fileId: params.id });
  koa.status = 202;
  koa.body = { file: presentFile(file) };
}

export async function restoreFile({ koa, user, params, services }: WithFile) {
  koa.body = {
    file: presentFile((await services.files.restoreFile({ userId: user.userId, fileId: params.id })).file),
  };
}

export async function emptyTrash({ koa, user, services }: HandlerContext<undefined, undefined, undefined>) {
  const { files } = await services.files.emptyTrash({ userId: user.userId });
  koa.status = 202;
  koa.body = { files };
}

export async function purgeFile({ koa, user, params, services }: WithFile) {
  const { file } = await services.files.purgeFile({ userId: user.userId, fileId: params.id });
  koa.status = 202;
  koa.body = { file: presentFile(file) };
}

export async function listVersions({ koa, user, params, services }: WithFile) {
  const { versions } = await services.files.listVersions({ userId: user.userId, fileId: params.id });
  koa.body = { items: versions.map(presentVersion), nextCursor: null };
}

export async function createVersion({ koa, user, params, body, services }: WithFile<NewVersionBody>) {
  const response = await services.files.createUpload({
    userId: user.userId,
    fileId: params.id,
    name: '',
    size: BigInt(body.size),
    contentType: body.contentType,
    sha256Hex: body.sha256 ?? '',
  });
  koa.status = 201;
  koa.body = { file: presentFile(response.file), upload: presentUpload(response) };
}

export async function restoreVersion({
  koa,
  user,
  params,
  services,
}: HandlerContext<undefined, undefined, VersionParams>) {
  const { file } = await services.files.restoreVersion({
    userId: user.userId,
    fileId: params.id,
    version: params.version,
  });
  koa.body = { file: presentFile(file) };
}
