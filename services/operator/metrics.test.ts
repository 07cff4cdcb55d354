import { Registry } from 'prom-client';
import type { StreamHubPlatform } from './api/v1alpha1/types';
import { OperatorMetrics } from './metrics';
import { platformSpec } from './testing/fixtures';

function platformWith(
  name: string,
  conditions: Array<{ type: string; status: 'True' | 'False' | 'Unknown' }>,
) {
  return {
    apiVersion: 'streamhub.io/v1alpha1',
    kind: 'StreamHubPlatform',
    metadata: { name, namespace: 'team-a' },
    spec: platformSpec(),
    status: {
      conditions: conditions.map((condition) => ({
        ...condition,
        reason: 'Test',
        message: '',
        lastTransitionTime: '2026-01-01T00:00:00Z',
        observedGeneration: 1,
      })),
    },
  } as StreamHubPlatform;
}

async function conditionValues(registry: Registry): Promise<Record<string, number>> {
  const metric = (await registry.getMetricsAsJSON()).find(
    (entry) => entry.name === 'streamhub_platform_condition',
  );
  return Object.fromEntries(
    (metric?.values ?? []).map((sample) => {
      const { platform, type, status } = sample.labels;
      return [`${String(platform)}/${String(type)}/${String(status)}`, sample.value];
    }),
  );
}

describe('the operator metrics', () => {
  it('report every platform condition as 1 on its current status and 0 on the other two', async () => {
    const registry = new Registry();
    let platforms = [
      platformWith('streamhub', [
        { type: 'BucketReady', status: 'True' },
        { type: 'TopicsReady', status: 'False' },
        { type: 'Ready', status: 'False' },
      ]),
    ];
    new OperatorMetrics(registry).watch({
      isLeader: () => true,
      queueDepths: () => ({}),
      platforms: () => platforms,
    });

    expect(await conditionValues(registry)).toEqual({
      'streamhub/BucketReady/True': 1,
      'streamhub/BucketReady/False': 0,
      'streamhub/BucketReady/Unknown': 0,
      'streamhub/TopicsReady/True': 0,
      'streamhub/TopicsReady/False': 1,
      'streamhub/TopicsReady/Unknown': 0,
      'streamhub/Ready/True': 0,
      'streamhub/Ready/False': 1,
      'streamhub/Ready/Unknown': 0,
    });
    const text = await registry.metrics();
    expect(text).toContain(
      'streamhub_platform_condition{namespace="team-a",platform="streamhub",type="Ready",status="False"} 1',
    );

    // The next scrape sees the platform as it is now: a deleted platform leaves no series behind.
    platforms = [platformWith('other', [{ type: 'Ready', status: 'Unknown' }])];
    expect(await conditionValues(registry)).toEqual({
      'other/Ready/True': 0,
      'other/Ready/False': 0,
      'other/Ready/Unknown': 1,
    });
  });

  it('count reconciles by controller and outcome', async () => {
    const registry = new Registry();
    const metrics = new OperatorMetrics(registry);
    metrics.observe('platform', 'success', 0.2);
    metrics.observe('platform', 'error', 0.1);
    metrics.observe('platform', 'error', 0.1);
    const text = await registry.metrics();
    expect(text).toContain('streamhub_operator_reconciles_total{controller="platform",outcome="error"} 2');
    expect(text).toContain('streamhub_operator_reconcile_duration_seconds_count{controller="platform"} 3');
  });
});
