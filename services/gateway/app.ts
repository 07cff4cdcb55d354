import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { refuseEncodedBodies } from './middlewares/content-encoding';
import { errorMiddleware } from './middlewares/errors';
import { optionsNoContent } from './middlewares/options-requests';
import { requestContextMiddleware } from './middlewares/request-context';
import { securityHeaders } from './middlewares/security-headers';
import { buildOpenApiDocument } from './openapi';
import type { RouteDefinition } from './route';
import { publicLinkRequests } from './routes/links/public-link-requests';
import { buildRouter } from './router';
import type { GatewayServices } from './services';
import { upgradeRequired } from './ws/upgrade-required';

export const API_VERSION = '1.0.0';

/** The Koa application: request context -> security headers -> problem+json errors -> body checks -> JSON body -> routes. */
export function createGatewayApp(options: {
  routes: RouteDefinition[];
  services: Omit<GatewayServices, 'openApiDocument'>;
  trustProxy: boolean;
}): Koa {
  const services: GatewayServices = {
    ...options.services,
    openApiDocument: buildOpenApiDocument(options.routes, { version: API_VERSION }),
  };
  const router = buildRouter(options.routes, services);
  const app = new Koa({ proxy: options.trustProxy });
  app.use(requestContextMiddleware(services.logger, services.metrics));
  app.use(securityHeaders());
  app.use(errorMiddleware(services.logger));
  app.use(upgradeRequired());
  app.use(refuseEncodedBodies());
  app.use(publicLinkRequests());
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }));
  app.use(optionsNoContent());
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  return app;
}
