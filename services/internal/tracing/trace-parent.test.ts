import { propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { contextFromTraceParent, currentTraceParent } from './trace-parent';
import { toCurrentShape } from './workflow-span-processor';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';
const TRACE_PARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

describe('the traceparent kept in a row', () => {
  // What start-tracing.ts registers when tracing is on.
  beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
  afterAll(() => propagation.disable());

  it("is the active span's, and continues it when read back", () => {
    const active = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
    });
    expect(currentTraceParent(active)).toBe(TRACE_PARENT);

    const parent = trace.getSpanContext(contextFromTraceParent(TRACE_PARENT));
    expect(parent).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  });

  it('is null without an active span, and an absent or broken one leaves the base context', () => {
    expect(currentTraceParent()).toBeNull();
    const base = ROOT_CONTEXT.setValue(Symbol('base'), 1);
    expect(contextFromTraceParent(null, base)).toBe(base);
    expect(contextFromTraceParent('', base)).toBe(base);
    expect(trace.getSpanContext(contextFromTraceParent('00-not-a-trace-01', base))).toBeUndefined();
  });
});

describe('a workflow span from the sandbox (sdk-trace-base 1.x shape)', () => {
  it('gets the parent and scope fields the 2.x exporter reads', () => {
    const spanContext = { traceId: TRACE_ID, spanId: '1111111111111111', traceFlags: TraceFlags.SAMPLED };
    const sandboxSpan = {
      name: 'RunWorkflow:upload',
      spanContext: () => spanContext,
      parentSpanId: SPAN_ID,
      instrumentationLibrary: { name: '@temporalio/interceptors-opentelemetry', version: '1.24.0' },
    } as unknown as Parameters<typeof toCurrentShape>[0];
    const span = toCurrentShape(sandboxSpan);
    expect(span.spanContext()).toBe(spanContext);
    expect(span.parentSpanContext).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, isRemote: true });
    expect(span.instrumentationScope).toEqual({
      name: '@temporalio/interceptors-opentelemetry',
      version: '1.24.0',
    });
    expect(span).not.toHaveProperty('parentSpanId');
    expect(toCurrentShape({ ...sandboxSpan, parentSpanId: undefined }).parentSpanContext).toBeUndefined();
  });
});
