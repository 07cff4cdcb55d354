import { CoordinationV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { Connection } from '@temporalio/client';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { Client as MinioClient } from 'minio';
import type { Database } from '../internal/db';
import type { Logger } from '../internal/logger';
import { PLAN_KIND, PLATFORM_KIND, type Plan, type StreamHubPlatform } from './api/v1alpha1/types';
import type { BillingPlans } from './controllers/plan/billing-plans';
import { createPlanController } from './controllers/plan/controller';
import { createPlatformController } from './controllers/platform/controller';
import type { Controller } from './framework/controller';
import { CustomResources } from './framework/custom-resources';
import { EventRecorder } from './framework/events';
import { LeaderElector } from './framework/leader-election';
import { OperatorMetrics } from './metrics';

export interface OperatorOptions {
  kubeConfig: KubeConfig;
  /** The namespace whose StreamHubPlatforms and Plans this operator reconciles (and where its Lease lives). */
  namespace: string;
  /** This replica's name in the Lease and in Events (the pod name). */
  identity: string;
  leaseName: string;
  leaseDurationSeconds: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  resyncMs: number;
  /** The database whose migrations the platform controller applies. */
  db: Database;
  /** Billing's gRPC API: the Plan controller has billing sell what the Plans say. */
  billing: BillingPlans;
  kafka: Kafka;
  minio: MinioClient;
  temporalAddress: string;
  logger: Logger;
  /** Where the operator's metrics go (the process's registry); none in most tests. */
  metrics?: Registry;
}

export interface RunningOperator {
  readonly isLeader: boolean;
  /** Both informers hold a listed cache and a live watch. */
  readonly synced: boolean;
  stop(): Promise<void>;
}

/**
 * Starts the informers (on every replica) and campaigns for the Lease; the
 * leader's controllers reconcile, the others keep a warm cache and wait.
 */
export async function startOperator(options: OperatorOptions): Promise<RunningOperator> {
  const { kubeConfig, namespace, logger } = options;
  const customObjects = kubeConfig.makeApiClient(CustomObjectsApi);
  const events = new EventRecorder({
    core: kubeConfig.makeApiClient(CoreV1Api),
    identity: options.identity,
    logger,
  });

  let temporal: Promise<Connection> | undefined;
  const connectTemporal = () =>
    (temporal ??= Connection.connect({ address: options.temporalAddress }).catch((error: unknown) => {
      temporal = undefined;
      throw error;
    }));

  const metrics = options.metrics && new OperatorMetrics(options.metrics);
  const observe = metrics && metrics.observe.bind(metrics);

  const platformController = createPlatformController({
    kubeConfig,
    platforms: new CustomResources<StreamHubPlatform>(customObjects, PLATFORM_KIND, namespace),
    events,
    minio: options.minio,
    kafka: options.kafka,
    temporal: connectTemporal,
    db: options.db,
    logger: logger.child({ kind: PLATFORM_KIND.kind }),
    resyncMs: options.resyncMs,
    observe,
  });
  const controllers: Array<Controller<StreamHubPlatform> | Controller<Plan>> = [
    platformController,
    createPlanController({
      kubeConfig,
      plans: new CustomResources<Plan>(customObjects, PLAN_KIND, namespace),
      billing: options.billing,
      events,
      logger: logger.child({ kind: PLAN_KIND.kind }),
      resyncMs: options.resyncMs,
      observe,
    }),
  ];
  await Promise.all(controllers.map((controller) => controller.start()));

  const elector = new LeaderElector({
    coordination: kubeConfig.makeApiClient(CoordinationV1Api),
    namespace,
    leaseName: options.leaseName,
    identity: options.identity,
    leaseDurationSeconds: options.leaseDurationSeconds,
    renewDeadlineMs: options.renewDeadlineMs,
    retryPeriodMs: options.retryPeriodMs,
    logger,
    onStartedLeading: () => controllers.forEach((controller) => controller.lead()),
    onStoppedLeading: () => void Promise.all(controllers.map((controller) => controller.follow())),
  });
  elector.start();
  metrics?.watch({
    isLeader: () => elector.isLeader,
    queueDepths: () =>
      Object.fromEntries(controllers.map((controller) => [controller.name, controller.queueDepth])),
    platforms: () => platformController.objects(),
  });

  return {
    get isLeader() {
      return elector.isLeader;
    },
    get synced() {
      return controllers.every((controller) => controller.synced);
    },
    async stop() {
      // Finish in-flight reconciles before releasing the Lease, so the next
      // leader never works on a key this replica is still changing.
      await Promise.all(controllers.map((controller) => controller.stop()));
      await elector.stop();
      const connection = await temporal?.catch(() => undefined);
      await connection?.close();
    },
  };
}
