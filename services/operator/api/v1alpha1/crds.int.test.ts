import type { KubeConfig } from '@kubernetes/client-node';
import {
  customResources,
  kubeConfigFrom,
  prepareNamespace,
  testSettings,
} from '../../testing/operator-harness';
import { planManifest, platformManifest, platformSpec } from '../../testing/fixtures';
import { PLAN_KIND, PLATFORM_KIND, type Plan, type StreamHubPlatform } from './types';

// The CRDs' validation, as the real API server applies it (no operator runs here).
describe('the streamhub.io CRDs on the API server', () => {
  let kubeConfig: KubeConfig;
  let namespace: string;

  beforeAll(async () => {
    kubeConfig = kubeConfigFrom(testSettings().KUBECONFIG);
    namespace = await prepareNamespace(kubeConfig, 'crd-test');
  });

  it('fills in the documented defaults of a minimal StreamHubPlatform', async () => {
    const created = await customResources<StreamHubPlatform>(kubeConfig, PLATFORM_KIND, namespace).create(
      platformManifest('minimal'),
    );
    // Also what the unit tests' platformSpec() assumes the operator reads.
    expect(created.spec).toEqual(platformSpec());
  });

  it.each([
    ['a retention of zero days', { temporal: { namespace: 'streamhub', retentionDays: 0 } }, 'retentionDays'],
    [
      'an unknown search attribute type',
      { temporal: { namespace: 'streamhub', searchAttributes: [{ name: 'X', type: 'Float' }] } },
      'searchAttributes',
    ],
    [
      'a topic retention of zero hours',
      { kafka: { topics: [{ name: 't', partitions: 1, retentionHours: 0 }] } },
      'retentionHours must be positive',
    ],
    [
      'a bucket name with two dots in a row',
      { bucket: { name: 'a..b', notification: { arn: 'arn:minio:sqs::STREAMHUB:kafka' } } },
      'two dots',
    ],
    [
      'a notification ARN that is not one',
      { bucket: { name: 'ok-name', notification: { arn: 'kafka' } } },
      'arn',
    ],
  ])('refuses %s', async (_what, spec, message) => {
    await expect(
      customResources<StreamHubPlatform>(kubeConfig, PLATFORM_KIND, namespace).create(
        platformManifest('invalid', spec),
      ),
    ).rejects.toMatchObject({ code: 422, body: expect.stringContaining(message) });
  });

  it('accepts quantities as numbers or strings and refuses a negative size or an unknown unit', async () => {
    const plans = customResources<Plan>(kubeConfig, PLAN_KIND, namespace);
    const plan = (name: string, storageQuota: unknown) => planManifest(name, { storageQuota });
    await expect(plans.create(plan('numeric', 1_048_576))).resolves.toMatchObject({
      spec: { default: false },
    });
    await expect(plans.create(plan('decimal', '1.5Ti'))).resolves.toBeDefined();
    await expect(plans.create(plan('negative', -1))).rejects.toMatchObject({ code: 422 });
    await expect(plans.create(plan('unit', '5GB'))).rejects.toMatchObject({
      code: 422,
      body: expect.stringContaining('whole number of bytes or a quantity'),
    });
  });
});
