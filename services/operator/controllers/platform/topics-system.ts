import type { Kafka } from 'kafkajs';
import { syncTopics } from '../../../internal/provisioning/topics';
import type { StreamHubPlatformSpec } from '../../api/v1alpha1/types';
import { generateTopicSpecs, PLATFORM_CONDITIONS, PLATFORM_REASONS } from './generate';
import { errorMessage, systemNotReady, systemReady, type SystemResult } from './system-result';

/** Creates missing topics, raises partitions, sets retention (services/internal/provisioning/topics.ts). */
export async function reconcileTopics(kafka: Kafka, spec: StreamHubPlatformSpec): Promise<SystemResult> {
  const type = PLATFORM_CONDITIONS.topics;
  const topics = generateTopicSpecs(spec);
  // A short-lived admin per reconcile: it costs one connection on a resync
  // period and never holds a broken connection across broker restarts.
  const admin = kafka.admin();
  try {
    await admin.connect();
    const report = await syncTopics(admin, topics);
    if (report.cannotShrink.length > 0)
      return systemNotReady(
        type,
        PLATFORM_REASONS.topicsCannotShrink,
        report.cannotShrink
          .map(
            (topic) => `${topic.name} has ${topic.partitions} partitions, the spec asks for ${topic.desired}`,
          )
          .concat('Kafka cannot remove partitions: raise the spec, or recreate the topic by hand')
          .join('; '),
        { changes: report.changes, retry: false },
      );
    return systemReady(
      type,
      PLATFORM_REASONS.topicsProvisioned,
      `${topics.length} topics with their partitions and retention: ${topics.map((topic) => topic.name).join(', ')}`,
      report.changes,
    );
  } catch (error) {
    return systemNotReady(type, PLATFORM_REASONS.kafkaError, errorMessage(error), { retry: true });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
