import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { describeUnreadyPods } from './unready-pods';

// A stand-in for the API server's two answers the report reads (pure formatting under test).
function fakeCore(pods: V1Pod[], logs: Record<string, string>): CoreV1Api {
  return {
    listNamespacedPod: async () => ({ items: pods }),
    readNamespacedPodLog: async ({ name }: { name: string }) => {
      if (name in logs) return logs[name];
      throw new Error('container not started');
    },
  } as unknown as CoreV1Api;
}

const pod = (name: string, status: V1Pod['status']): V1Pod => ({ metadata: { name }, status });

describe('describeUnreadyPods', () => {
  it('names each pod that is not Ready, with its containers, failing conditions and last log lines', async () => {
    const report = await describeUnreadyPods(
      fakeCore(
        [
          pod('ready', { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }),
          pod('done', { phase: 'Succeeded' }),
          pod('crashing', {
            phase: 'Running',
            conditions: [{ type: 'Ready', status: 'False' }],
            containerStatuses: [
              {
                name: 'app',
                image: 'i',
                imageID: 'i',
                ready: false,
                restartCount: 4,
                state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
              },
            ],
          }),
          pod('pending', {
            phase: 'Pending',
            conditions: [{ type: 'PodScheduled', status: 'False', message: '0/1 nodes: Insufficient cpu' }],
          }),
        ],
        { crashing: 'connect ECONNREFUSED 10.0.0.1:5432\n' },
      ),
      'ns',
    );
    expect(report).toBe(
      [
        'pod crashing (Running): app: waiting (CrashLoopBackOff: back-off 40s), restarts 4; Ready=False\nconnect ECONNREFUSED 10.0.0.1:5432',
        'pod pending (Pending): PodScheduled=False (0/1 nodes: Insufficient cpu)\n(no log: container not started)',
      ].join('\n\n'),
    );
  });

  it('says so when every pod is Ready', async () => {
    const ready = pod('ready', { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] });
    expect(await describeUnreadyPods(fakeCore([ready], {}), 'ns')).toBe('every pod is Ready');
  });
});
