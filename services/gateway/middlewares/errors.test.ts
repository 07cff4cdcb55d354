import { Code, ConnectError } from '@connectrpc/connect';
import Koa from 'koa';
import { AppError } from '../../internal/errors';
import { toConnectError } from '../../internal/grpc/errors';
import { createLogger } from '../../internal/logger';
import { defineRoute, type RouteDefinition } from '../route';
import { inject } from '../testing/inject';
import { errorMiddleware } from './errors';

const route: RouteDefinition = defineRoute({
  operationId: 'restoreThing',
  method: 'post',
  path: '/things/restore',
  summary: 'test route',
  tags: [],
  auth: true,
  responses: { 200: { description: 'ok' } },
  errors: ['not_trashed'],
  handler: async () => undefined,
});

function appThrowing(error: unknown) {
  const logger = createLogger({ level: 'silent', format: 'json' });
  const warn = jest.spyOn(logger, 'warn');
  const app = new Koa();
  app.use(errorMiddleware(logger));
  app.use(async (ctx) => {
    ctx.state.requestId = 'req-1';
    ctx.state.route = route;
    throw error;
  });
  return { app, warn };
}

describe('the error middleware', () => {
  it('renders the exact code a service sent over gRPC', async () => {
    const wire = toConnectError(
      new AppError('not_trashed', 'the file is not in the trash'),
      createLogger({ level: 'silent' }),
    );
    const { app, warn } = appThrowing(wire);
    const response = await inject(app, { method: 'POST', path: '/things/restore' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      code: 'not_trashed',
      title: 'Not in the trash',
      requestId: 'req-1',
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('sends WWW-Authenticate with every 401, whatever its code', async () => {
    const { app } = appThrowing(new AppError('invalid_credentials', 'invalid email or password'));
    const response = await inject(app, { method: 'POST', path: '/things/restore' });
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('warns when a route answers a code it does not declare', async () => {
    const { app, warn } = appThrowing(new AppError('name_taken', 'taken'));
    const response = await inject(app, { method: 'POST', path: '/things/restore' });
    expect(response.body.code).toBe('name_taken');
    expect(warn).toHaveBeenCalledWith(
      { code: 'name_taken', operationId: 'restoreThing' },
      'answered an error code the route does not declare',
    );
  });

  it('answers a peer’s unknown code with the generic code of its gRPC status', async () => {
    const wire = new ConnectError(
      'the upload is paused',
      Code.FailedPrecondition,
      new Headers({ 'streamhub-error-code': 'upload_paused' }),
    );
    const { app } = appThrowing(wire);
    const response = await inject(app, { method: 'POST', path: '/things/restore' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'conflict', detail: 'the upload is paused (upload_paused)' });
  });
});
