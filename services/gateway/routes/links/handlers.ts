import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { presentLink } from '../../presenters/link';
import type { HandlerContext } from '../../route';
import { enforcePublicLinkRateLimits } from './public-link-rate-limits';
import type {
  CreateLinkBody,
  FileLinksParams,
  LinkParams,
  PublicLinkBody,
  PublicLinkParams,
  PublicLinkQuery,
} from './schema';

export async function createLink({
  koa,
  user,
  params,
  body,
  services,
}: HandlerContext<CreateLinkBody, undefined, FileLinksParams>) {
  const { link, token } = await services.files.createLink({
    userId: user.userId,
    fileId: params.id,
    expiresAt: body.expiresAt ? timestampFromDate(new Date(body.expiresAt)) : undefined,
    expiresInSeconds: body.expiresIn,
    maxDownloads: body.maxDownloads,
    password: body.password,
  });
  const presented = presentLink(link);
  // The only answer that ever holds the token: no cache may keep it.
  koa.set('Cache-Control', 'no-store');
  koa.status = 201;
  koa.body = {
    id: presented.id,
    // Where the caller reached the API (behind a trusted proxy, its X-Forwarded-Proto and -Host).
    url: `${koa.protocol}://${koa.host}/v1/public/${token}`,
    token,
    expiresAt: presented.expiresAt,
    maxDownloads: presented.maxDownloads,
    hasPassword: presented.hasPassword,
    createdAt: presented.createdAt,
  };
}

export async function listLinks({
  koa,
  user,
  params,
  services,
}: HandlerContext<undefined, undefined, FileLinksParams>) {
  const { links } = await services.files.listLinks({ userId: user.userId, fileId: params.id });
  koa.body = { items: links.map(presentLink) };
}

export async function revokeLink({
  koa,
  user,
  params,
  services,
}: HandlerContext<undefined, undefined, LinkParams>) {
  await services.files.revokeLink({ userId: user.userId, fileId: params.id, linkId: params.linkId });
  koa.status = 204;
}

/** GET and POST /v1/public/{token}: the password comes from the header or the body, never the URL. */
export async function openPublicLink({
  koa,
  params,
  query,
  body,
  services,
}: HandlerContext<PublicLinkBody, PublicLinkQuery, PublicLinkParams>) {
  await enforcePublicLinkRateLimits(koa, params.token, services);
  const header = koa.get('x-link-password');
  const opened = await services.files.openPublicLink({
    token: params.token,
    password: header === '' ? body?.password : header,
  });
  if (!query.redirect) {
    koa.body = {
      name: opened.name,
      size: Number(opened.size),
      contentType: opened.contentType,
      url: opened.url,
      expiresAt: opened.expiresAt ? timestampDate(opened.expiresAt).toISOString() : undefined,
    };
    return;
  }
  koa.redirect(opened.url);
}
