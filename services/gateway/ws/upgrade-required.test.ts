import Koa from 'koa';
import { createLogger } from '../../internal/logger';
import { errorMiddleware } from '../middlewares/errors';
import { inject } from '../testing/inject';
import { upgradeRequired } from './upgrade-required';

function app() {
  const koa = new Koa();
  koa.use(errorMiddleware(createLogger({ level: 'silent', format: 'json' })));
  koa.use(upgradeRequired());
  koa.use(async (ctx) => {
    ctx.body = { reached: ctx.path };
  });
  return koa;
}

describe('a plain HTTP request to /v1/ws', () => {
  it('answers 426 upgrade_required as problem+json, naming the protocol', async () => {
    const response = await inject(app(), { method: 'GET', path: '/v1/ws?x=1' });
    expect(response.status).toBe(426);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers.upgrade).toBe('websocket');
    expect(response.body).toMatchObject({ code: 'upgrade_required', status: 426 });
  });

  it('leaves every other path to the routes', async () => {
    const response = await inject(app(), { method: 'GET', path: '/v1/wsx' });
    expect(response).toMatchObject({ status: 200, body: { reached: '/v1/wsx' } });
  });
});
