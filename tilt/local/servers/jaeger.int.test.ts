import { randomBytes } from 'node:crypto';
import { requireTestEnv } from '../../../services/internal/testing/require-env';

// The stack's Jaeger takes spans on the OTLP/HTTP endpoint the app is given
// (OTEL_EXPORTER_OTLP_ENDPOINT) and answers for them on its query API
// (JAEGER_QUERY_URL), the way the tracing tests read the app's traces.
// Generous: the test checks what Jaeger stores, not how fast, and CI runs it
// beside the whole suite on two cores (a 5 s request limit ran out for Mailpit's UI there).
const REQUEST_TIMEOUT_MS = 30_000;
const TRACE_WAIT_MS = 30_000;

describe("the stack's Jaeger", () => {
  it('stores an OTLP span and returns it by trace id and service', async () => {
    const { OTEL_EXPORTER_OTLP_ENDPOINT, JAEGER_QUERY_URL } = requireTestEnv([
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'JAEGER_QUERY_URL',
    ]);
    const traceId = randomBytes(16).toString('hex');
    const service = `jaeger-probe-${randomBytes(4).toString('hex')}`;
    const start = BigInt(Date.now()) * 1_000_000n;
    const sent = await fetch(`${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId,
                    spanId: randomBytes(8).toString('hex'),
                    name: 'probe',
                    kind: 2,
                    startTimeUnixNano: String(start),
                    endTimeUnixNano: String(start + 2_000_000n),
                  },
                ],
              },
            ],
          },
        ],
      }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    expect(sent.status).toBe(200);

    // The collector's batch processor hands spans to storage within a second or so.
    let trace:
      { spans: { operationName: string }[]; processes: Record<string, { serviceName: string }> } | undefined;
    const deadline = Date.now() + TRACE_WAIT_MS;
    while (!trace && Date.now() < deadline) {
      const response = await fetch(`${JAEGER_QUERY_URL}/api/traces/${traceId}`, {
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (response.status === 200)
        trace = ((await response.json()) as { data: NonNullable<typeof trace>[] }).data[0];
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!trace)
      throw new Error(
        `Jaeger at ${JAEGER_QUERY_URL} did not return trace ${traceId} within ${TRACE_WAIT_MS / 1000} s`,
      );
    expect(trace.spans.map((span) => span.operationName)).toEqual(['probe']);
    expect(Object.values(trace.processes).map((p) => p.serviceName)).toEqual([service]);

    const services = (await (await fetch(`${JAEGER_QUERY_URL}/api/services`)).json()) as { data: string[] };
    expect(services.data).toContain(service);
  });
});
