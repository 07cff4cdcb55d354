import type { KubeConfig } from '@kubernetes/client-node';
import type { StreamHubPlatform } from '../../api/v1alpha1/types';
import { Controller, type ReconcileObserver } from '../../framework/controller';
import { reconcilePlatform, type PlatformReconcilerDeps } from './reconcile';

export function createPlatformController(
  options: PlatformReconcilerDeps & { kubeConfig: KubeConfig; resyncMs: number; observe?: ReconcileObserver },
): Controller<StreamHubPlatform> {
  return new Controller<StreamHubPlatform>({
    name: 'platform',
    kubeConfig: options.kubeConfig,
    resources: options.platforms,
    resyncMs: options.resyncMs,
    logger: options.logger,
    reconcile: (request) => reconcilePlatform(options, request),
    observe: options.observe,
  });
}
