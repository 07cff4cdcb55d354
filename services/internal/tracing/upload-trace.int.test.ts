import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { signUpUser } from '../testing/api-users';
import { requireTestEnv } from '../testing/require-env';
import { ISOLATION_ENV, SERVER_ENV } from '../testing/test-platform';
import { MainProcess } from '../testing/main-process';

interface JaegerSpan {
  spanID: string;
  operationName: string;
  processID: string;
  references: Array<{ refType: string; spanID: string }>;
  tags: Array<{ key: string; value: unknown }>;
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

const tag = (span: JaegerSpan, key: string): unknown =>
  span.tags.find((candidate) => candidate.key === key)?.value;

// One upload is one trace (docs/tracing.md): a gateway-only process and a
// process with every service, both tracing to the stack's Jaeger, so the
// gateway's calls go over gRPC; the upload then runs through the workflow,
// MinIO's event, the ingest and the outbox's Kafka events to `ready`.
describe('the trace of an upload', () => {
  const env = requireTestEnv([
    ...SERVER_ENV,
    ...ISOLATION_ENV,
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'JAEGER_QUERY_URL',
  ]);
  const run = randomUUID().slice(0, 8);
  const tracing = {
    OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    // Exported within a fifth of a second, so the test waits little.
    OTEL_BSP_SCHEDULE_DELAY: '200',
    // JSON at info: the test reads the trace ids on the log lines back.
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    BCRYPT_COST: '4',
    OUTBOX_POLL_MS: '50',
    TEMPORAL_TASK_QUEUE: `streamhub-trace-test-${run}`,
    ...(process.env.SMTP_URL ? { SMTP_URL: process.env.SMTP_URL } : {}),
  };
  const services = new MainProcess('all', { ...tracing, OTEL_SERVICE_NAME: `streamhub-services-${run}` });
  const gateway = new MainProcess('gateway', { ...tracing, OTEL_SERVICE_NAME: `streamhub-gateway-${run}` });

  beforeAll(async () => {
    await services.start();
    await gateway.start(services.grpcPort);
  }, 150_000);

  afterAll(async () => {
    await gateway.stop();
    await services.stop();
  });

  /** Polls Jaeger until the trace holds a span for which every check is true, or 60 s pass. */
  async function traceWith(
    traceId: string,
    checks: Array<(spans: JaegerSpan[]) => boolean>,
  ): Promise<JaegerTrace> {
    const deadline = Date.now() + 60_000;
    let last: JaegerTrace | undefined;
    for (;;) {
      const response = await fetch(`${env.JAEGER_QUERY_URL}/api/traces/${traceId}`);
      if (response.ok) {
        last = ((await response.json()) as { data: JaegerTrace[] }).data[0];
        if (last && checks.every((check) => check(last!.spans))) return last;
      }
      if (Date.now() > deadline) return last ?? { traceID: traceId, spans: [], processes: {} };
      await sleep(500);
    }
  }

  it('holds every hop from POST /v1/uploads to ready under one trace id, and the log line has it', async () => {
    const user = await signUpUser(gateway.baseUrl, 'traced');
    const bytes = Buffer.from(`traced upload ${run}`);
    // Through the typed client, as a user's program uploads.
    const uploaded = await user.client.upload(bytes, {
      name: `traced-${run}.txt`,
      contentType: 'text/plain',
    });
    expect(uploaded.status).toBe('ready');

    // The gateway's access line for the POST carries the trace id.
    const accessLine = gateway
      .logLines()
      .find((line) => line.msg === 'request' && line.method === 'POST' && line.path === '/v1/uploads');
    expect(accessLine).toBeDefined();
    const traceId = accessLine!.trace_id as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const named = (pattern: RegExp) => (spans: JaegerSpan[]) =>
      spans.some((span) => pattern.test(span.operationName));
    const hops: Record<string, (spans: JaegerSpan[]) => boolean> = {
      'the Koa route': (spans) => spans.some((span) => tag(span, 'http.route') === '/v1/uploads'),
      'the gRPC call to files': named(/^streamhub\.files\.v1\.FilesService\/CreateUpload$/),
      'the workflow start': named(/^StartWorkflow:/),
      'the workflow run': named(/^RunWorkflow:/),
      'an activity': named(/^RunActivity:/),
      "the ingest's signal": named(/^ingest object-created$/),
      'a Kafka send': named(/^send /),
      'a Kafka process': named(/^process /),
      'a Postgres query': (spans) =>
        spans.some(
          (span) => tag(span, 'db.system') === 'postgresql' || tag(span, 'db.system.name') === 'postgresql',
        ),
      'an S3 call': (spans) => spans.some((span) => tag(span, 'rpc.service') === 'S3'),
    };
    const trace = await traceWith(traceId, Object.values(hops));
    const missing = Object.entries(hops)
      .filter(([, present]) => !present(trace.spans))
      .map(([hop]) => hop);
    const seen = [...new Set(trace.spans.map((span) => span.operationName))].sort();
    expect({ missing, seen }).toEqual({ missing: [], seen });
    // Both processes wrote into it.
    expect(new Set(Object.values(trace.processes).map((process) => process.serviceName))).toEqual(
      new Set([`streamhub-gateway-${run}`, `streamhub-services-${run}`]),
    );
    const file = await user.call('GET', `/v1/files/${uploaded.id}`);
    expect(file.body.status).toBe('ready');
  }, 120_000);
});
