import { BillingService } from '../../proto/gen/billing/v1/billing_pb.js';
import { createServiceClient } from '../internal/grpc/client';
import type { StreamHubModule } from '../internal/modules/provided';
import { loadKubeConfig } from './kube-config';
import { startOperator } from './operator';
import { createS3Client } from '../internal/s3-client';

/** --target=operator: reconciles StreamHubPlatform and Plan resources (docs/operator.md). */
export const operatorModule: StreamHubModule = {
  config: ['operator', 's3', 'temporal', 'grpcClients'],
  async start({ config, use, logger }) {
    const settings = config.get('operator');
    const leaseMs = settings.leaseDurationSeconds * 1000;
    const operator = await startOperator({
      kubeConfig: loadKubeConfig({ kubeconfigPath: settings.kubeconfigPath }),
      namespace: settings.namespace,
      identity: settings.identity,
      leaseName: settings.leaseName,
      leaseDurationSeconds: settings.leaseDurationSeconds,
      // client-go's proportions: renew deadline 2/3 of the lease, retry 1/7.5 of it.
      renewDeadlineMs: Math.round((leaseMs * 2) / 3),
      retryPeriodMs: Math.max(200, Math.round(leaseMs / 7.5)),
      resyncMs: settings.resyncSeconds * 1000,
      db: use('database'),
      billing: createServiceClient(
        BillingService,
        config.get('grpcClients').billingUrl,
        use('localServices'),
      ),
      kafka: use('kafka'),
      minio: createS3Client(config.get('s3')),
      temporalAddress: config.get('temporal').address,
      logger,
      metrics: use('metrics'),
    });
    // Ready once the caches are synced, leader or standby: a standby is
    // healthy, it only waits for the Lease.
    use('health').add('operator-informers', async () => operator.synced);
    logger.info({ namespace: settings.namespace, identity: settings.identity }, 'operator started');
    return { value: operator, stop: () => operator.stop() };
  },
};
