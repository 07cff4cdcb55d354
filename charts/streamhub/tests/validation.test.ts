import { renderChartFailure } from './support/render-chart';

// Each refusal must name the value to change: that is the whole point of failing early.
describe('values the chart refuses', () => {
  it('fails with a clear message when quick-start is off and no database is given', async () => {
    const error = await renderChartFailure({ set: { 'quickstart.enabled': false } });
    expect(error).toContain(
      'quick-start Postgres is off: set external.database.url or external.database.existingSecret',
    );
    expect(error).toContain('quick-start Kafka is off: set external.kafka.brokers');
    expect(error).toContain('quick-start Temporal is off: set external.temporal.address');
  });

  it('refuses both a URL and an existingSecret for the same system', async () => {
    const error = await renderChartFailure({
      valuesFiles: ['charts/streamhub/ci/production.yaml'],
      set: { 'external.database.url': 'postgres://u:p@db/streamhub' },
    });
    expect(error).toContain('set only one of external.database.url and external.database.existingSecret');
  });

  it('refuses an HPA in mode all', async () => {
    const error = await renderChartFailure({ set: { 'targets.gateway.autoscaling.enabled': true } });
    expect(error).toContain('targets.gateway.autoscaling.enabled needs mode: split');
  });

  it('refuses an HPA whose minimum is above its maximum', async () => {
    const error = await renderChartFailure({
      set: {
        mode: 'split',
        'targets.files.autoscaling': {
          enabled: true,
          minReplicas: 5,
          maxReplicas: 2,
          targetCPUUtilizationPercentage: 70,
        },
      },
    });
    expect(error).toContain('targets.files.autoscaling.minReplicas is above maxReplicas');
  });

  it('refuses an Ingress without a gateway host', async () => {
    expect(await renderChartFailure({ set: { 'ingress.enabled': true } })).toContain(
      'ingress.enabled needs ingress.gateway.host',
    );
  });

  it('refuses exposing the quick-start MinIO when MinIO is external', async () => {
    const error = await renderChartFailure({
      valuesFiles: ['charts/streamhub/ci/production.yaml'],
      set: { 'ingress.minio': { enabled: true, host: 's3.example' } },
    });
    expect(error).toContain('ingress.minio.enabled exposes the quick-start MinIO, which is off');
  });

  it('refuses a ServiceMonitor when the cluster does not serve the Prometheus Operator API', async () => {
    expect(await renderChartFailure({ set: { 'serviceMonitor.enabled': true } })).toContain(
      'serviceMonitor.enabled needs the Prometheus Operator',
    );
  });

  it('refuses more than one replica of a quick-start server', async () => {
    expect(await renderChartFailure({ set: { 'quickstart.postgres.replicas': 3 } })).toContain(
      'quickstart.postgres.replicas must be 1',
    );
  });

  it('refuses a bucket notification ARN the quick-start MinIO does not register', async () => {
    expect(
      await renderChartFailure({ set: { 'platform.bucket.notification.arn': 'arn:minio:sqs::OTHER:kafka' } }),
    ).toContain('leave platform.bucket.notification.arn at that value');
  });

  it('refuses two default plans', async () => {
    const plan = (name: string) => ({
      name,
      displayName: name,
      storageQuota: '1Gi',
      maxFileSize: '1Gi',
      trashRetentionDays: 30,
      periodDays: 30,
      priceCents: 0,
      default: true,
    });
    expect(await renderChartFailure({ set: { plans: [plan('a'), plan('b')] } })).toContain(
      'at most one plan may be the default, found a, b',
    );
  });

  it('refuses disabling the gateway in split mode', async () => {
    expect(await renderChartFailure({ set: { mode: 'split', 'targets.gateway.enabled': false } })).toContain(
      "the gateway is StreamHub's only entry",
    );
  });

  it('lists every problem at once', async () => {
    const error = await renderChartFailure({
      set: { 'ingress.enabled': true, 'quickstart.kafka.replicas': 2, 'serviceMonitor.enabled': true },
    });
    expect(error.match(/^ {2}- /gm)).toHaveLength(3);
  });

  describe('the values schema', () => {
    it('refuses unknown keys', async () => {
      expect(await renderChartFailure({ set: { 'targets.gateway.replica': 2 } })).toContain(
        "additional properties 'replica' not allowed",
      );
    });

    it('refuses autoscaling on a target that is not stateless', async () => {
      expect(
        await renderChartFailure({ set: { 'targets.worker.autoscaling': { enabled: true } } }),
      ).toContain("at '/targets/worker': additional properties 'autoscaling' not allowed");
    });

    it('refuses an unknown mode', async () => {
      expect(await renderChartFailure({ set: { mode: 'cluster' } })).toContain(
        "at '/mode': value must be one of 'all', 'split'",
      );
    });

    it('refuses a database URL that is not postgres://', async () => {
      expect(
        await renderChartFailure({
          set: { 'quickstart.postgres.enabled': false, 'external.database.url': 'mysql://db/x' },
        }),
      ).toContain('/external/database/url');
    });

    it('refuses a negative price and a zero-day trash retention', async () => {
      const error = await renderChartFailure({
        set: {
          plans: [
            {
              name: 'bad',
              displayName: 'Bad',
              storageQuota: '1Gi',
              maxFileSize: '1Gi',
              trashRetentionDays: 0,
              periodDays: 30,
              priceCents: -1,
            },
          ],
        },
      });
      expect(error).toContain('/plans/0/priceCents');
      expect(error).toContain('/plans/0/trashRetentionDays');
    });
  });
});
