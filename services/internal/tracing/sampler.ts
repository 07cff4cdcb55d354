import { SpanKind, type Context } from '@opentelemetry/api';
import {
  ParentBasedSampler,
  SamplingDecision,
  type Sampler,
  type SamplingResult,
} from '@opentelemetry/sdk-trace-base';
import { TOPICS } from '../kafka/topics';

/**
 * Every span, except the roots the Kafka instrumentation makes for MinIO's
 * bucket notifications (and so what they call): they carry no trace
 * context, MinIO writes every bucket's events to the one topic (a new
 * consumer group reads its week of retention from the start), and the
 * ingest continues the upload's own trace for the notifications it acts on
 * (consumers/object-created.ts). Kept, they filled the export queue and
 * pushed out the spans that matter.
 */
export function streamhubSampler(): Sampler {
  return new ParentBasedSampler({ root: new WithoutStorageNotificationRoots() });
}

const STORAGE_NOTIFICATION_SPAN = `process ${TOPICS.storageObjectEvents.name}`;

class WithoutStorageNotificationRoots implements Sampler {
  shouldSample(_context: Context, _traceId: string, spanName: string, spanKind: SpanKind): SamplingResult {
    if (spanKind === SpanKind.CONSUMER && spanName.endsWith(STORAGE_NOTIFICATION_SPAN))
      return { decision: SamplingDecision.NOT_RECORD };
    return { decision: SamplingDecision.RECORD_AND_SAMPLED };
  }

  toString(): string {
    return 'WithoutStorageNotificationRoots';
  }
}
