import { TraceFlags, type SpanContext } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * A span as the workflow sandbox of @temporalio/interceptors-opentelemetry
 * 1.24 hands it over: the shape of sdk-trace-base 1.x (its own dependency),
 * with the parent as a bare span id and `instrumentationLibrary`.
 */
type SandboxSpan = Omit<ReadableSpan, 'parentSpanContext' | 'instrumentationScope'> & {
  parentSpanId?: string;
  instrumentationLibrary?: InstrumentationScope;
};

/**
 * Passes workflow spans to our (sdk-trace-base 2.x) processor in the 2.x
 * shape. The 2.x OTLP exporter reads `parentSpanContext` and
 * `instrumentationScope`; given the 1.x fields it would export every
 * workflow span as a root and fail on the missing scope.
 */
export function workflowSpanProcessor(processor: SpanProcessor): SpanProcessor {
  return {
    onStart: (span: Span, parentContext: Context) => processor.onStart(span, parentContext),
    onEnd: (span: ReadableSpan) => processor.onEnd(toCurrentShape(span)),
    forceFlush: () => processor.forceFlush(),
    shutdown: () => Promise.resolve(),
  };
}

export function toCurrentShape(span: SandboxSpan): ReadableSpan {
  const { parentSpanId, instrumentationLibrary, ...rest } = span;
  const own = span.spanContext();
  const parentSpanContext: SpanContext | undefined = parentSpanId
    ? { traceId: own.traceId, spanId: parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: true }
    : undefined;
  return {
    ...rest,
    spanContext: () => own,
    parentSpanContext,
    instrumentationScope: instrumentationLibrary ?? { name: '@temporalio/interceptors-opentelemetry' },
  };
}
