// One kubeconfig per client of the API server, each with its own client
// certificate (embedded, so the admin one can be copied and used anywhere on
// this machine): admin (kubectl, tests), controller-manager, scheduler,
// kubelet, kube-proxy.
import fs from 'node:fs';
import path from 'node:path';
import { CLUSTER_PORTS } from './layout';
import type { CertificatePair, ClusterPki } from './pki';

export interface ClusterKubeconfigs {
  admin: string;
  controllerManager: string;
  scheduler: string;
  kubelet: string;
  kubeProxy: string;
}

export const CLUSTER_CONTEXT = 'streamhub-local';

export function apiserverUrl(): string {
  return `https://127.0.0.1:${CLUSTER_PORTS.apiserver}`;
}

export function writeKubeconfigs(dir: string, pki: ClusterPki, adminPath: string): ClusterKubeconfigs {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const write = (file: string, user: string, pair: CertificatePair) => {
    fs.writeFileSync(file, kubeconfig(pki.caCert, user, pair), { mode: 0o600 });
    return file;
  };
  return {
    admin: write(adminPath, 'streamhub-admin', pki.admin),
    controllerManager: write(
      path.join(dir, 'controller-manager.kubeconfig'),
      'system:kube-controller-manager',
      pki.controllerManager,
    ),
    scheduler: write(path.join(dir, 'scheduler.kubeconfig'), 'system:kube-scheduler', pki.scheduler),
    kubelet: write(path.join(dir, 'kubelet.kubeconfig'), 'kubelet', pki.kubeletClient),
    kubeProxy: write(path.join(dir, 'kube-proxy.kubeconfig'), 'system:kube-proxy', pki.kubeProxy),
  };
}

function kubeconfig(caCert: string, user: string, pair: CertificatePair): string {
  const base64 = (file: string) => fs.readFileSync(file).toString('base64');
  // JSON is YAML: no YAML writer needed.
  return `${JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: CLUSTER_CONTEXT,
          cluster: { server: apiserverUrl(), 'certificate-authority-data': base64(caCert) },
        },
      ],
      users: [
        {
          name: user,
          user: { 'client-certificate-data': base64(pair.cert), 'client-key-data': base64(pair.key) },
        },
      ],
      contexts: [{ name: CLUSTER_CONTEXT, context: { cluster: CLUSTER_CONTEXT, user } }],
      'current-context': CLUSTER_CONTEXT,
    },
    null,
    2,
  )}\n`;
}
