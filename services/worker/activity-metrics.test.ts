import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Registry } from 'prom-client';
import { ActivityMetrics } from './activity-metrics';

describe('ActivityMetrics', () => {
  it('counts each attempt by activity type and outcome through the worker interceptor', async () => {
    const registry = new Registry();
    const interceptor = new ActivityMetrics(registry).interceptor();
    const run = (activityType: string, fn: () => Promise<unknown>) =>
      new MockActivityEnvironment({ activityType }, { interceptors: [interceptor] }).run(fn);

    await run('commitUpload', async () => 'done');
    await run('commitUpload', async () => 'done');
    await expect(
      run('verifyUpload', async () => {
        throw ApplicationFailure.retryable('storage unreachable');
      }),
    ).rejects.toThrow('storage unreachable');

    const text = await registry.metrics();
    expect(text).toContain(
      'streamhub_temporal_activities_total{activity="commitUpload",outcome="success"} 2',
    );
    expect(text).toContain(
      'streamhub_temporal_activities_total{activity="verifyUpload",outcome="failure"} 1',
    );
    expect(text).toContain('streamhub_temporal_activity_duration_seconds_count{activity="commitUpload"} 2');
  });
});
