import { AppError } from '../../../internal/errors';
import type { HandlerContext } from '../../route';
import { DOCS_HTML, readDocsAsset } from './docs-page';
import type { DocsAssetParams } from './schema';

type Plain = HandlerContext<undefined, undefined, undefined>;

export async function healthz({ koa }: Plain) {
  koa.body = { status: 'ok' };
}

export async function readyz({ koa, services }: Plain) {
  const report = await services.health.report();
  koa.status = report.ready ? 200 : 503;
  koa.body = report;
}

export async function jwks({ koa, services }: Plain) {
  const { jwksJson } = await services.auth.getJwks({});
  koa.set('Cache-Control', 'public, max-age=300');
  koa.body = JSON.parse(jwksJson) as unknown;
}

export async function openApi({ koa, services }: Plain) {
  koa.body = services.openApiDocument;
}

export async function docs({ koa }: Plain) {
  koa.type = 'text/html';
  koa.body = DOCS_HTML;
}

export async function docsAsset({ koa, params }: HandlerContext<undefined, undefined, DocsAssetParams>) {
  const asset = readDocsAsset(params.file);
  if (!asset) throw new AppError('not_found', 'no such documentation asset');
  koa.type = asset.type;
  koa.set('Cache-Control', 'public, max-age=86400');
  koa.body = asset.body;
}
