import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

// Set by start-tracing.ts when this process exports traces. Kept apart from
// it so modules can ask without importing (and so starting) the SDK.

export interface TracingPipeline {
  processor: SpanProcessor;
  resource: Resource;
}

let pipeline: TracingPipeline | undefined;

export function setTracingPipeline(value: TracingPipeline): void {
  pipeline = value;
}

/** Whether this process exports traces (main.ts started tracing: OTEL_EXPORTER_OTLP_ENDPOINT is set). */
export function tracingEnabled(): boolean {
  return pipeline !== undefined;
}

/** The span processor and resource, for spans made elsewhere (the workflow sandbox's). */
export function tracingPipeline(): TracingPipeline | undefined {
  return pipeline;
}
