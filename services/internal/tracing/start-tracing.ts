import type { IncomingMessage } from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { KoaInstrumentation } from '@opentelemetry/instrumentation-koa';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import {
  defaultResource,
  envDetector,
  detectResources,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { streamhubSampler } from './sampler';
import { setTracingPipeline } from './tracing-state';

// Imported first by services/main.ts: the instrumentations patch http, koa,
// pg, kafkajs, the AWS SDK and pino when those are required, so this module
// must run before any of them loads. Without OTEL_EXPORTER_OTLP_ENDPOINT
// nothing is registered and the API stays a no-op (docs/tracing.md).

/** Scrapes and probes come every few seconds and say nothing about a request. */
const UNTRACED_PATHS = ['/metrics', '/healthz', '/readyz', '/livez'];

function startTracing(env: NodeJS.ProcessEnv): NodeTracerProvider | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_SDK_DISABLED === 'true') return undefined;
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': 'streamhub' }))
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the default name.
    .merge(detectResources({ detectors: [envDetector] }));
  // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT and posts to <endpoint>/v1/traces.
  const processor = new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({
    resource,
    sampler: streamhubSampler(),
    spanProcessors: [processor],
  });
  // W3C traceparent/baggage propagation and the async-hooks context manager.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) =>
          UNTRACED_PATHS.some((path) => request.url?.startsWith(path) === true),
      }),
      new KoaInstrumentation(),
      // Only queries made for something traced: the outbox relays and
      // pollers query every few hundred milliseconds on their own.
      new PgInstrumentation({ requireParentSpan: true }),
      new KafkaJsInstrumentation(),
      new AwsInstrumentation({ suppressInternalInstrumentation: true }),
      // Adds trace_id and span_id to every log line written inside a span.
      new PinoInstrumentation(),
    ],
  });
  setTracingPipeline({ processor, resource });
  return provider;
}

const provider = startTracing(process.env);

/** Sends the spans still batched; main.ts awaits it before exiting. */
export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
}
