import type { Connection } from '@temporalio/client';
import type { Kafka } from 'kafkajs';
import type { Client as MinioClient } from 'minio';
import type { Database } from '../../../internal/db';
import type { Logger } from '../../../internal/logger';
import { PLATFORM_FINALIZER, type StreamHubPlatform } from '../../api/v1alpha1/types';
import { mergeConditions } from '../../framework/conditions';
import type { ReconcileRequest } from '../../framework/controller';
import type { CustomResources } from '../../framework/custom-resources';
import type { EventRecorder } from '../../framework/events';
import { reconcileBucket } from './bucket-system';
import { generatePlatformReady } from './generate';
import { reconcileMigrations } from './migrations-system';
import type { SystemResult } from './system-result';
import { reconcileTemporalNamespace } from './temporal-system';
import { reconcileTopics } from './topics-system';

export interface PlatformReconcilerDeps {
  platforms: CustomResources<StreamHubPlatform>;
  events: EventRecorder;
  minio: MinioClient;
  kafka: Kafka;
  temporal: () => Promise<Connection>;
  db: Database;
  logger: Logger;
  now?: () => Date;
}

export class PlatformNotReadyError extends Error {}

/** Brings the bucket, topics, Temporal namespace and schema in line with one StreamHubPlatform. */
export async function reconcilePlatform(
  deps: PlatformReconcilerDeps,
  request: ReconcileRequest<StreamHubPlatform>,
): Promise<void> {
  let platform = request.object;
  if (!platform) return;

  if (platform.metadata.deletionTimestamp) return finalizePlatform(deps, platform);

  const finalizers = platform.metadata.finalizers ?? [];
  if (!finalizers.includes(PLATFORM_FINALIZER))
    platform = await deps.platforms.setFinalizers(platform, [...finalizers, PLATFORM_FINALIZER]);

  const { spec } = platform;
  // The systems are independent: one failing does not stop the others.
  const [bucket, topics, temporal, migrations] = await Promise.all([
    reconcileBucket(deps.minio, spec),
    reconcileTopics(deps.kafka, spec),
    reconcileTemporalNamespace(deps.temporal, spec),
    reconcileMigrations(deps.db, spec),
  ]);
  const systems: SystemResult[] = [bucket, topics, temporal, migrations];
  const conditions = [...systems.map((system) => system.condition)];
  conditions.push(generatePlatformReady(conditions));

  await deps.platforms.applyStatus(platform, {
    observedGeneration: platform.metadata.generation,
    appliedMigration: migrations.appliedMigration ?? platform.status?.appliedMigration,
    conditions: mergeConditions(platform.status?.conditions, conditions, {
      now: (deps.now ?? (() => new Date()))(),
      observedGeneration: platform.metadata.generation ?? 0,
    }),
  });

  for (const system of systems) {
    for (const change of system.changes)
      await deps.events.record(platform, 'Normal', system.condition.reason, change);
    if (system.condition.status !== 'True')
      await deps.events.record(platform, 'Warning', system.condition.reason, system.condition.message);
  }
  const failed = systems.filter((system) => system.retry);
  if (failed.length > 0)
    throw new PlatformNotReadyError(failed.map((system) => system.condition.message).join('; '));
}

async function finalizePlatform(deps: PlatformReconcilerDeps, platform: StreamHubPlatform): Promise<void> {
  const finalizers = platform.metadata.finalizers ?? [];
  if (!finalizers.includes(PLATFORM_FINALIZER)) return;
  // Users' files, queued events and workflow history outlive the custom
  // resource: deleting a CR (or uninstalling the chart) must never delete data.
  await deps.events.record(
    platform,
    'Normal',
    'DataKept',
    `StreamHubPlatform deleted: bucket ${platform.spec.bucket.name}, its topics, Temporal namespace ${platform.spec.temporal.namespace} and the database are kept`,
  );
  await deps.platforms.setFinalizers(
    platform,
    finalizers.filter((finalizer) => finalizer !== PLATFORM_FINALIZER),
  );
}
