import { startTestPlatform, type TestPlatform } from '../testing/test-platform';

describe('probe server of a target without the gateway', () => {
  let app: TestPlatform;

  beforeAll(async () => {
    app = await startTestPlatform({ targets: ['billing'] });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('answers /healthz with 200 and /readyz with the checks of the modules it runs', async () => {
    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    const report = (await ready.json()) as { ready: boolean; checks: Record<string, boolean> };
    expect(report.ready).toBe(true);
    expect(report.checks).toHaveProperty('postgres', true);
  });

  it('serves Prometheus metrics and 404 for any other path', async () => {
    const metrics = await fetch(`${app.baseUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('streamhub_process_cpu_seconds_total');

    const other = await fetch(`${app.baseUrl}/v1/files`);
    expect(other.status).toBe(404);
  });
});
