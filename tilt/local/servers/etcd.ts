// etcd on 127.0.0.1 for the test kube-apiserver. The data is throw-away test
// state, so fsync is off: the API server's writes are then as fast as memory.
import { HOST } from '../ports';
import { startServer, type RunningServer } from './process';
import { serverPaths } from './runtime';

export interface EtcdOptions {
  runtimeDir: string;
  port: number;
  peerPort: number;
  binary: string;
  signal?: AbortSignal;
}

export type EtcdServer = RunningServer & { endpoint: string };

export function etcdEndpoint(port: number): string {
  return `http://${HOST}:${port}`;
}

export async function checkEtcd(port: number): Promise<void> {
  const response = await fetch(`${etcdEndpoint(port)}/health`, { signal: AbortSignal.timeout(1000) });
  const body = (await response.json()) as { health?: string };
  if (body.health !== 'true') throw new Error(`etcd /health answered ${JSON.stringify(body)}`);
}

export async function start(opts: EtcdOptions): Promise<EtcdServer> {
  const { dataDir } = serverPaths(opts.runtimeDir, 'etcd');
  const client = etcdEndpoint(opts.port);
  const peer = `http://${HOST}:${opts.peerPort}`;
  const server = await startServer(
    {
      name: 'etcd',
      command: opts.binary,
      args: [
        '--name=streamhub',
        `--data-dir=${dataDir}`,
        `--listen-client-urls=${client}`,
        `--advertise-client-urls=${client}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=streamhub=${peer}`,
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      runtimeDir: opts.runtimeDir,
    },
    { check: () => checkEtcd(opts.port), timeoutMs: 30_000, signal: opts.signal },
  );
  return { ...server, endpoint: client };
}
