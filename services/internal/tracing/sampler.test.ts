import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { streamhubSampler } from './sampler';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const decide = (name: string, kind: SpanKind, context = ROOT_CONTEXT) =>
  streamhubSampler().shouldSample(context, TRACE_ID, name, kind, {}, []).decision;

describe('the sampler', () => {
  it("records every span but the roots of MinIO's notifications, and what runs under them", () => {
    expect(decide('process storage.object-events', SpanKind.CONSUMER)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide('process streamhub.files.events', SpanKind.CONSUMER)).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    expect(decide('POST /v1/uploads', SpanKind.SERVER)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    // The ingest's claim under a notification's unrecorded span is not recorded either.
    const underNotification = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: TRACE_ID,
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.NONE,
    });
    expect(
      decide('streamhub.files.v1.FilesService/ClaimStoredObject', SpanKind.CLIENT, underNotification),
    ).toBe(SamplingDecision.NOT_RECORD);
  });
});
