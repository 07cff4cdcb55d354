import { find, ofKind } from './support/objects';
import { renderChart } from './support/render-chart';

describe('the StreamHubPlatform and Plans the operator reconciles', () => {
  it('renders the StreamHubPlatform spec from values', async () => {
    const platform = find(await renderChart(), 'StreamHubPlatform', 'sh-streamhub');
    expect(platform.apiVersion).toBe('streamhub.io/v1alpha1');
    expect(platform.spec).toEqual({
      bucket: {
        name: 'streamhub',
        abortIncompleteMultipartUploadDays: 1,
        notification: { arn: 'arn:minio:sqs::STREAMHUB:kafka', prefix: 'users/' },
      },
      temporal: {
        namespace: 'streamhub',
        retentionDays: 7,
        searchAttributes: [
          { name: 'UserId', type: 'Keyword' },
          { name: 'FileId', type: 'Keyword' },
        ],
      },
      migrations: { apply: true },
    });
  });

  it('passes topic overrides through and keeps the services on the same bucket and namespace', async () => {
    const objects = await renderChart({ valuesFiles: ['charts/streamhub/ci/production.yaml'] });
    const platform = find(objects, 'StreamHubPlatform', 'sh-streamhub');
    const config = find(objects, 'ConfigMap', 'sh-streamhub-config').data;
    expect(config.S3_BUCKET).toBe(platform.spec.bucket.name);
    expect(config.TEMPORAL_NAMESPACE).toBe(platform.spec.temporal.namespace);
    const mixed = await renderChart({ valuesFiles: ['charts/streamhub/ci/mixed.yaml'] });
    expect(find(mixed, 'StreamHubPlatform', 'sh-streamhub').spec.kafka).toEqual({
      topics: [{ name: 'storage.object-events', partitions: 6, retentionHours: 72 }],
    });
  });

  it('renders the three seeded plans by default, with the migration figures', async () => {
    const plans = ofKind(await renderChart(), 'Plan');
    expect(plans.map((plan) => ({ name: plan.metadata.name, ...plan.spec }))).toEqual([
      {
        name: 'free',
        displayName: 'Free',
        storageQuota: '5Gi',
        maxFileSize: '512Mi',
        trashRetentionDays: 30,
        periodDays: 30,
        priceCents: 0,
        default: true,
      },
      {
        name: 'plus',
        displayName: 'Plus',
        storageQuota: '200Gi',
        maxFileSize: '10Gi',
        trashRetentionDays: 30,
        periodDays: 30,
        priceCents: 499,
        default: false,
      },
      {
        name: 'pro',
        displayName: 'Pro',
        storageQuota: '2Ti',
        maxFileSize: '100Gi',
        trashRetentionDays: 90,
        periodDays: 30,
        priceCents: 1499,
        default: false,
      },
    ]);
  });

  it('renders no StreamHubPlatform when it is switched off, and no Plan for an empty list', async () => {
    const objects = await renderChart({ set: { 'platform.enabled': false, plans: [] } });
    expect(ofKind(objects, 'StreamHubPlatform')).toEqual([]);
    expect(ofKind(objects, 'Plan')).toEqual([]);
  });
});
