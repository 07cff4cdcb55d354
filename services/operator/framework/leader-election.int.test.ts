import { CoordinationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { eventually } from '../../internal/testing/eventually';
import {
  kubeConfigFrom,
  prepareNamespace,
  randomSuffix,
  testLogger,
  testSettings,
} from '../testing/operator-harness';
import { LeaderElector } from './leader-election';

describe('LeaderElector', () => {
  let kubeConfig: KubeConfig;
  let namespace: string;
  let coordination: CoordinationV1Api;
  const electors: LeaderElector[] = [];

  beforeAll(async () => {
    kubeConfig = kubeConfigFrom(testSettings().KUBECONFIG);
    namespace = await prepareNamespace(kubeConfig, 'lease-test');
    coordination = kubeConfig.makeApiClient(CoordinationV1Api);
  });

  afterAll(async () => {
    await Promise.all(electors.map((elector) => elector.stop()));
  });

  function candidate(leaseName: string, identity: string) {
    const log: string[] = [];
    const elector = new LeaderElector({
      coordination,
      namespace,
      leaseName,
      identity,
      leaseDurationSeconds: 2,
      renewDeadlineMs: 1_300,
      retryPeriodMs: 200,
      logger: testLogger(),
      onStartedLeading: () => log.push('started'),
      onStoppedLeading: () => log.push('stopped'),
    });
    electors.push(elector);
    return { elector, log };
  }

  const holder = async (leaseName: string) =>
    (await coordination.readNamespacedLease({ name: leaseName, namespace })).spec?.holderIdentity;

  it('elects exactly one of two candidates and records it in the Lease', async () => {
    const lease = `lease-${randomSuffix()}`;
    const a = candidate(lease, 'a');
    const b = candidate(lease, 'b');
    a.elector.start();
    b.elector.start();
    await eventually(async () => (a.elector.isLeader || b.elector.isLeader ? true : undefined), 'a leader');
    // Several renewals later there is still exactly one.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect([a.elector.isLeader, b.elector.isLeader].filter(Boolean)).toHaveLength(1);
    expect(await holder(lease)).toBe(a.elector.isLeader ? 'a' : 'b');
  });

  it('hands over at once when the leader stops and releases the Lease', async () => {
    const lease = `lease-${randomSuffix()}`;
    const first = candidate(lease, 'first');
    first.elector.start();
    await eventually(async () => (first.elector.isLeader ? true : undefined), 'first to lead');
    const second = candidate(lease, 'second');
    second.elector.start();

    const stoppedAt = Date.now();
    await first.elector.stop();
    expect(first.log).toEqual(['started', 'stopped']);
    await eventually(async () => (second.elector.isLeader ? true : undefined), 'second to take over');
    // A released lease is free after one second, well before the two-second lease runs out.
    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    expect(await holder(lease)).toBe('second');
  });

  it('takes over from a leader that vanished without releasing once the lease duration has passed', async () => {
    const lease = `lease-${randomSuffix()}`;
    const crashed = candidate(lease, 'crashed');
    crashed.elector.start();
    await eventually(async () => (crashed.elector.isLeader ? true : undefined), 'crashed to lead');
    const standby = candidate(lease, 'standby');
    standby.elector.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(standby.elector.isLeader).toBe(false);

    const vanishedAt = Date.now();
    await crashed.elector.stop({ releaseLease: false });
    await eventually(
      async () => (standby.elector.isLeader ? true : undefined),
      'standby to take over',
      10_000,
    );
    expect(Date.now() - vanishedAt).toBeGreaterThanOrEqual(1_500);
    const { spec } = await coordination.readNamespacedLease({ name: lease, namespace });
    expect(spec).toMatchObject({ holderIdentity: 'standby', leaseTransitions: 1 });
  });
});
