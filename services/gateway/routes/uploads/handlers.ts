import { presentFile, presentUpload } from '../../presenters/file';
import type { HandlerContext } from '../../route';
import type { CompleteBody, CreateUploadBody, PartsBody, UploadParams } from './schema';

export async function createUpload({
  koa,
  user,
  body,
  services,
}: HandlerContext<CreateUploadBody, undefined, undefined>) {
  const response = await services.files.createUpload({
    userId: user.userId,
    name: body.name,
    size: BigInt(body.size),
    contentType: body.contentType,
    folderId: body.folderId ?? '',
    sha256Hex: body.sha256 ?? '',
  });
  koa.status = 201;
  koa.body = { file: presentFile(response.file), upload: presentUpload(response) };
}

export async function presignParts({
  koa,
  user,
  body,
  params,
  services,
}: HandlerContext<PartsBody, undefined, UploadParams>) {
  const { parts } = await services.files.presignUploadParts({
    userId: user.userId,
    fileId: params.fileId,
    partNumbers: body.partNumbers,
  });
  koa.body = { parts: parts.map((part) => ({ partNumber: part.partNumber, url: part.url })) };
}

export async function completeUpload({
  koa,
  user,
  body,
  params,
  services,
}: HandlerContext<CompleteBody, undefined, UploadParams>) {
  const { file } = await services.files.completeUpload({
    userId: user.userId,
    fileId: params.fileId,
    parts: body.parts ?? [],
  });
  koa.body = { file: presentFile(file) };
}

export async function abortUpload({
  koa,
  user,
  params,
  services,
}: HandlerContext<undefined, undefined, UploadParams>) {
  await services.files.abortUpload({ userId: user.userId, fileId: params.fileId });
  koa.status = 204;
}
