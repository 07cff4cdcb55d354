import { eventually } from '../testing/eventually';
import { startTestPlatform, type TestPlatform } from '../testing/test-platform';

describe('probe server of a target without the gateway', () => {
  let app: TestPlatform;

  beforeAll(async () => {
    app = await startTestPlatform({ targets: ['billing'] });
  });

  afterAll(async () => {
    await app?.stop();
  });

  async function readyz(): Promise<{ status: number; report: unknown }> {
    const response = await fetch(`${app.baseUrl}/readyz`);
    return { status: response.status, report: await response.json() };
  }

  it('answers /healthz with 200 and /readyz with the checks of the modules it runs', async () => {
    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    // Each check has 2 s (services/internal/health.ts): on a loaded machine one
    // can miss it now and then, and the kubelet asks again; so does this test.
    // The last answer is what fails the assertion (its report names the check).
    let last: { status: number; report: unknown } | undefined;
    const answer = await eventually(
      async () => {
        last = await readyz();
        return last.status === 200 ? last : undefined;
      },
      '/readyz to answer 200',
      10_000,
    ).catch(() => last);
    expect(answer).toMatchObject({ status: 200, report: { ready: true, checks: { postgres: true } } });
  });

  it('serves Prometheus metrics and 404 for any other path', async () => {
    const metrics = await fetch(`${app.baseUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('streamhub_process_cpu_seconds_total');

    const other = await fetch(`${app.baseUrl}/v1/files`);
    expect(other.status).toBe(404);
  });
});
