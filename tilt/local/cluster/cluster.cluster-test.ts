// The local cluster runs pods: `cluster up` (or the cluster already up),
// a Deployment of one busybox httpd pod behind a ClusterIP Service, the page
// fetched from the host through the Service (kube-proxy's iptables DNAT),
// a deleted pod replaced by the Deployment, then `cluster down` leaving no
// process, mount or bridge behind. Run by `npm run test:cluster` (as root;
// not part of `npm test`, whose integration project matches *.int.test.ts).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { AppsV1Api, CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { mountsUnder } from './cleanup';
import { COMPONENT_ORDER } from './components';
import { CLUSTER_IMAGES, CLUSTER_NETWORK, clusterLayout } from './layout';
import { isAlive, logFile, runningPid } from './processes';
import { eventually, repoRoot, stack, untilServiceAnswers } from './testing/cluster-test-support';
import { isReady } from './testing/unready-pods';

const run = promisify(execFile);

const layout = clusterLayout(repoRoot);

const UP_TIMEOUT_MS = 15 * 60_000; // a first run builds the Kubernetes programs
const POD_TIMEOUT_MS = 120_000;
const SERVICE_TIMEOUT_MS = 60_000;

describe('the local Kubernetes cluster', () => {
  const namespace = `cluster-test-${randomUUID().slice(0, 8)}`;
  const labels = { app: 'web' };
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let serviceIp: string;
  let firstPod: string;
  const pids = new Map<string, number>();

  beforeAll(async () => {
    await stack('cluster', 'up');
    for (const name of COMPONENT_ORDER) {
      const pid = runningPid(layout, name);
      if (pid === undefined) throw new Error(`${name} is not running after cluster up`);
      pids.set(name, pid);
    }
    const config = new KubeConfig();
    config.loadFromFile(layout.adminKubeconfig);
    core = config.makeApiClient(CoreV1Api);
    apps = config.makeApiClient(AppsV1Api);
  }, UP_TIMEOUT_MS);

  it('has its node Ready, running the kubelet 1.34.3 on containerd', async () => {
    const nodes = await core.listNode();
    expect(nodes.items).toHaveLength(1);
    const node = nodes.items[0]!;
    expect(node.status?.conditions?.find((condition) => condition.type === 'Ready')?.status).toBe('True');
    expect(node.status?.nodeInfo?.kubeletVersion).toBe('v1.34.3');
    expect(node.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^containerd:\/\/1\./);
  });

  it('runs a busybox httpd Deployment and serves its page at the Service ClusterIP from the host', async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: 'httpd',
                  image: CLUSTER_IMAGES.busybox,
                  // Built and imported by `cluster up`: there is no registry.
                  imagePullPolicy: 'Never',
                  command: [
                    '/bin/sh',
                    '-c',
                    'mkdir -p /tmp/www && echo "hello from $(hostname)" > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www',
                  ],
                  ports: [{ containerPort: 8080 }],
                  readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 },
                },
              ],
            },
          },
        },
      },
    });
    const service = await core.createNamespacedService({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: { type: 'ClusterIP', selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
      },
    });
    serviceIp = service.spec!.clusterIP!;
    expect(serviceIp.startsWith('10.96.')).toBe(true);

    const pod = await readyPod();
    firstPod = pod.metadata!.name!;
    expect(pod.status?.podIP?.startsWith('10.244.0.')).toBe(true);
    expect(await pageThroughService(firstPod)).toBe(`hello from ${firstPod}\n`);
  });

  it('replaces a deleted pod, and the Service then reaches the new one', async () => {
    await core.deleteNamespacedPod({ namespace, name: firstPod });
    const replacement = await readyPod((pod) => pod.metadata?.name !== firstPod);
    const name = replacement.metadata?.name ?? '';
    expect(await pageThroughService(name)).toBe(`hello from ${name}\n`);
  });

  it('stops every process it started on cluster down, and leaves no mount or bridge', async () => {
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    await stack('cluster', 'down');
    const alive = [...pids].filter(([, pid]) => isAlive(pid));
    expect(alive).toEqual([]);
    // Nothing else runs from the state folder or with its containerd socket (shims, containers).
    const leftovers = fs
      .readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry) && isAlive(Number(entry)))
      .map((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        } catch {
          return '';
        }
      })
      .filter((cmdline) => cmdline.includes(layout.root));
    expect(leftovers).toEqual([]);
    // No container process either: those live in the kubelet's kubepods cgroups.
    const inPods = fs
      .readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry) && isAlive(Number(entry)))
      .filter((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').includes('/kubepods');
        } catch {
          return false;
        }
      });
    expect(inPods).toEqual([]);
    expect(mountsUnder(layout.root)).toEqual([]);
    expect(fs.existsSync(`/sys/class/net/${CLUSTER_NETWORK.bridge}`)).toBe(false);
    expect(await run('iptables-save', ['-t', 'nat']).then(({ stdout }) => stdout)).not.toContain(
      'KUBE-SERVICES',
    );
  }, 120_000);

  async function readyPod(accept: (pod: V1Pod) => boolean = () => true): Promise<V1Pod> {
    return eventually(`a Ready pod of the web Deployment in ${namespace}`, POD_TIMEOUT_MS, async () => {
      const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=web' });
      return pods.items.find((pod) => isReady(pod) && accept(pod));
    });
  }

  // kube-proxy programs the Service's rules shortly after the endpoints
  // change; only the expected pod's own page counts as reaching it.
  async function pageThroughService(expectedPod: string): Promise<string> {
    return untilServiceAnswers(`http://${serviceIp}/`, SERVICE_TIMEOUT_MS, (body) =>
      body.includes(`hello from ${expectedPod}`),
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await proxyDiagnosis()}`);
    });
  }

  // What kube-proxy had done when the Service was not reached.
  async function proxyDiagnosis(): Promise<string> {
    const rules = await run('iptables-save', ['-t', 'nat'])
      .then(({ stdout }) => stdout.split('\n').filter((line) => line.includes(serviceIp)))
      .catch((error: Error) => [`iptables-save failed: ${error.message}`]);
    const log = fs.existsSync(logFile(layout, 'kube-proxy'))
      ? fs.readFileSync(logFile(layout, 'kube-proxy'), 'utf8').split('\n').slice(-30)
      : ['(no log)'];
    return [`nat rules naming ${serviceIp}:`, ...rules, "kube-proxy's log, last lines:", ...log].join('\n');
  }
});
