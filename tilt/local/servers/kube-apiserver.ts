// A real kube-apiserver on 127.0.0.1 over etcd: it stores and validates every
// object (CRDs, RBAC, admission), which is what the chart and the operator
// are tested against. Nothing else of a cluster runs: no pods, no garbage
// collection, no namespace finalization.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { HOST } from '../ports';
import { startServer, type RunningServer } from './process';
import { serverPaths } from './runtime';

export interface KubeApiserverOptions {
  runtimeDir: string;
  port: number;
  etcdEndpoint: string;
  binary: string;
  signal?: AbortSignal;
}

export type KubeApiserver = RunningServer & { url: string; kubeconfigPath: string };

interface Credentials {
  token: string;
  kubeconfigPath: string;
}

// One folder per port, so a test can run a second API server on the same
// etcd (and restart it) without touching the shared one.
function serverName(port: number): string {
  return `kube-apiserver-${port}`;
}

export function kubeconfigPath(runtimeDir: string, port: number): string {
  return path.join(serverPaths(runtimeDir, serverName(port)).dataDir, 'kubeconfig');
}

// Resolves when /readyz answers 200 to the admin token.
export function checkKubeApiserver(port: number, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      {
        host: HOST,
        port,
        path: '/readyz',
        headers: { Authorization: `Bearer ${token}` },
        // The serving certificate is self-signed by the server at first start.
        rejectUnauthorized: false,
        timeout: 2000,
      },
      (response) => {
        response.resume();
        if (response.statusCode === 200) resolve();
        else reject(new Error(`GET /readyz answered ${response.statusCode}`));
      },
    );
    request.on('timeout', () => request.destroy(new Error('GET /readyz timed out')));
    request.on('error', reject);
  });
}

// Keys and the admin token are made once per data folder and kept, so a
// restarted server accepts the same kubeconfig and service account tokens.
function ensureCredentials(
  dataDir: string,
  url: string,
): Credentials & { tokenFile: string; saKey: string; saPub: string } {
  const tokenFile = path.join(dataDir, 'tokens.csv');
  const saKey = path.join(dataDir, 'service-account.key');
  const saPub = path.join(dataDir, 'service-account.pub');
  if (!fs.existsSync(saKey)) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFileSync(saPub, publicKey.export({ type: 'spki', format: 'pem' }));
    fs.writeFileSync(saKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  if (!fs.existsSync(tokenFile)) {
    // token,user,uid,"group": system:masters passes every RBAC check.
    fs.writeFileSync(tokenFile, `${randomBytes(24).toString('hex')},admin,admin,"system:masters"\n`, {
      mode: 0o600,
    });
  }
  const token = fs.readFileSync(tokenFile, 'utf8').split(',')[0]!;
  const kubeconfig = path.join(dataDir, 'kubeconfig');
  fs.writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '  - name: streamhub-local',
      '    cluster:',
      `      server: ${url}`,
      '      insecure-skip-tls-verify: true',
      'users:',
      '  - name: admin',
      '    user:',
      `      token: ${token}`,
      'contexts:',
      '  - name: streamhub-local',
      '    context:',
      '      cluster: streamhub-local',
      '      user: admin',
      '      namespace: default',
      'current-context: streamhub-local',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return { token, kubeconfigPath: kubeconfig, tokenFile, saKey, saPub };
}

export async function start(opts: KubeApiserverOptions): Promise<KubeApiserver> {
  const name = serverName(opts.port);
  const { dataDir } = serverPaths(opts.runtimeDir, name);
  const url = `https://${HOST}:${opts.port}`;
  const credentials = ensureCredentials(dataDir, url);
  const server = await startServer(
    {
      name,
      command: opts.binary,
      args: [
        `--etcd-servers=${opts.etcdEndpoint}`,
        `--bind-address=${HOST}`,
        `--advertise-address=${HOST}`,
        `--secure-port=${opts.port}`,
        `--cert-dir=${path.join(dataDir, 'certs')}`,
        `--token-auth-file=${credentials.tokenFile}`,
        '--authorization-mode=RBAC',
        `--service-account-issuer=https://kubernetes.default.svc.cluster.local`,
        `--service-account-key-file=${credentials.saPub}`,
        `--service-account-signing-key-file=${credentials.saKey}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        '--allow-privileged=true',
        // The StreamHub chart's pods would never be scheduled here anyway, and
        // the default ServiceAccount that admission wants is made by the
        // controller-manager, which does not run.
        '--disable-admission-plugins=ServiceAccount',
        '--profiling=false',
        '--v=1',
      ],
      runtimeDir: opts.runtimeDir,
    },
    { check: () => checkKubeApiserver(opts.port, credentials.token), timeoutMs: 90_000, signal: opts.signal },
  );
  return { ...server, url, kubeconfigPath: credentials.kubeconfigPath };
}

// The form the shared test context promises: a second, restartable API server.
export function startKubeApiserver(opts: KubeApiserverOptions): Promise<KubeApiserver> {
  return start(opts);
}

export function adminToken(runtimeDir: string, port: number): string | undefined {
  const tokenFile = path.join(serverPaths(runtimeDir, serverName(port)).dataDir, 'tokens.csv');
  return fs.existsSync(tokenFile) ? fs.readFileSync(tokenFile, 'utf8').split(',')[0] : undefined;
}
