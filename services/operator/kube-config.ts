import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * In a pod: the pod's service account. Elsewhere: the kubeconfig file named
 * by KUBECONFIG, else client-node's default (~/.kube/config).
 */
export function loadKubeConfig(options: { kubeconfigPath?: string; inCluster?: boolean }): KubeConfig {
  const kubeConfig = new KubeConfig();
  const inCluster =
    options.inCluster ?? (Boolean(process.env.KUBERNETES_SERVICE_HOST) && existsSync(SERVICE_ACCOUNT_TOKEN));
  if (inCluster) kubeConfig.loadFromCluster();
  else if (options.kubeconfigPath) kubeConfig.loadFromFile(options.kubeconfigPath);
  else kubeConfig.loadFromDefault();
  return kubeConfig;
}
