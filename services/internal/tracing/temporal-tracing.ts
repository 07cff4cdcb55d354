import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import { tracingPipeline } from './tracing-state';
import { workflowSpanProcessor } from './workflow-span-processor';

// Temporal's own OpenTelemetry interceptors: the client's StartWorkflow and
// SignalWorkflow spans put their context into the workflow's headers, the
// workflow sandbox makes RunWorkflow/StartActivity spans and the worker
// RunActivity spans under them (docs/tracing.md).

/** For every Client that starts or signals workflows; none when tracing is off. */
export function temporalClientInterceptors(): ClientInterceptors | undefined {
  if (!tracingPipeline()) return undefined;
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/** RunActivity spans, and the trace id on the activity's log attributes; none when tracing is off. */
export function activityTracingInterceptors(): ActivityInterceptorsFactory[] {
  if (!tracingPipeline()) return [];
  return [
    (context) => ({
      inbound: new OpenTelemetryActivityInboundInterceptor(context),
      outbound: new OpenTelemetryActivityOutboundInterceptor(context),
    }),
  ];
}

/**
 * The sink the workflow interceptors (always in the bundle, see
 * workflows/workflow-source.ts) send their spans to. With tracing off the
 * spans are dropped here; the sink must exist either way.
 */
export function workflowTracingSinks(): InjectedSinks<OpenTelemetrySinks> {
  const pipeline = tracingPipeline();
  if (!pipeline) return { exporter: { export: { fn: () => undefined } } };
  // The package's own types are those of sdk-trace-base/resources 1.x; the
  // adapter hands our 2.x processor spans in the 2.x shape.
  const processor = workflowSpanProcessor(pipeline.processor) as unknown as Parameters<
    typeof makeWorkflowExporter
  >[0];
  const resource = pipeline.resource as unknown as Parameters<typeof makeWorkflowExporter>[1];
  return { exporter: makeWorkflowExporter(processor, resource) };
}
