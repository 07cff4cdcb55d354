import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

// A W3C traceparent kept in a row (an outbox event, an upload's version) lets
// work done later, by another process, continue the trace of the request
// that caused it (docs/tracing.md).

/** The W3C traceparent of the active span, or null when there is none (tracing off). */
export function currentTraceParent(active: Context = context.active()): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return carrier.traceparent ?? null;
}

/** A context whose remote parent is the stored traceparent; `base` itself when none was stored. */
export function contextFromTraceParent(
  traceParent: string | null | undefined,
  base: Context = ROOT_CONTEXT,
): Context {
  if (!traceParent) return base;
  return propagation.extract(base, { traceparent: traceParent });
}
