import { apiClient } from '../internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../internal/testing/test-platform';
import { koaPath } from './route';
import { ROUTES } from './routes';

type Operation = { operationId: string; requestBody?: unknown; security?: unknown[] };

describe('/openapi.json and the routes', () => {
  let app: TestPlatform;
  let document: {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, unknown> };
  };

  beforeAll(async () => {
    app = await startTestPlatform();
    document = (await apiClient(app.baseUrl)('GET', '/openapi.json')).body;
  });

  afterAll(async () => {
    await app?.stop();
  });

  const documented = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );

  it('documents every route the router serves, and nothing else', () => {
    const served = ROUTES.map((route) => `${route.method.toUpperCase()} ${route.path}`).sort();
    expect(
      documented()
        .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
        .sort(),
    ).toEqual(served);
    expect(document.openapi).toBe('3.1.0');
  });

  it('serves every documented operation (no "no such route" answers)', async () => {
    const request = apiClient(app.baseUrl);
    for (const { path, method } of documented()) {
      const concrete = path.replace(/\{\w+\}/g, 'swagger-ui.css');
      const response = await request(method.toUpperCase(), concrete, method === 'get' ? {} : { body: {} });
      const unmatched = response.status === 404 && response.body?.detail === 'no such route';
      expect({ route: `${method} ${path}`, unmatched, methodNotAllowed: response.status === 405 }).toEqual({
        route: `${method} ${path}`,
        unmatched: false,
        methodNotAllowed: false,
      });
    }
  });

  it('marks exactly the authenticated routes with bearer security and every body route with a request body', () => {
    for (const route of ROUTES) {
      const operation = document.paths[route.path]?.[route.method];
      expect(Boolean(operation?.security)).toBe(route.auth);
      expect(Boolean(operation?.requestBody)).toBe(Boolean(route.body));
      expect(koaPath(route.path)).not.toMatch(/[{}]/);
    }
  });

  it('rejects with 400 what the documented request schema rejects', async () => {
    const response = await apiClient(app.baseUrl)('POST', '/v1/auth/signup', { body: {} });
    expect(response.status).toBe(400);
    const schema = document.paths['/v1/auth/signup']?.post?.requestBody as {
      content: Record<string, { schema: { required: string[] } }>;
    };
    const required = schema.content['application/json']!.schema.required;
    expect(
      response.body.errors.map((error: { field: string }) => error.field.replace('body.', '')).sort(),
    ).toEqual([...required].sort());
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const response = await apiClient(app.baseUrl)('GET', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('serves the docs page with its assets from the package, not a CDN', async () => {
    const page = await fetch(`${app.baseUrl}/docs`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).not.toMatch(/https?:\/\//);
    const css = await fetch(`${app.baseUrl}/docs/assets/swagger-ui.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
  });

  it('reports health and readiness, and Prometheus metrics on the metrics port only', async () => {
    const request = apiClient(app.baseUrl);
    expect((await request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      ready: true,
      checks: {
        postgres: true,
        redis: true,
        auth: true,
        storage: true,
        'temporal-worker': true,
        'session-revocations': true,
      },
    });
    // Prometheus' endpoint is on its own port; the public API port does not serve it.
    const metrics = await fetch(`${app.metricsUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(
      /streamhub_http_request_duration_seconds_bucket\{[^}]*route="\/readyz"/,
    );
    expect((await request('GET', '/metrics')).status).toBe(404);
  });
});
