import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../../../internal/logger';
import type { Plan } from '../../api/v1alpha1/types';
import { Controller, keyOf, type ReconcileObserver } from '../../framework/controller';
import type { CustomResources } from '../../framework/custom-resources';
import type { EventRecorder } from '../../framework/events';
import type { BillingPlans } from './billing-plans';
import { reconcilePlan } from './reconcile';

export function createPlanController(options: {
  kubeConfig: KubeConfig;
  plans: CustomResources<Plan>;
  billing: BillingPlans;
  events: EventRecorder;
  resyncMs: number;
  logger: Logger;
  observe?: ReconcileObserver;
}): Controller<Plan> {
  const { plans, billing, events, logger } = options;
  return new Controller<Plan>({
    name: 'plan',
    kubeConfig: options.kubeConfig,
    resources: plans,
    resyncMs: options.resyncMs,
    logger,
    reconcile: (request) => reconcilePlan({ billing, plans, events, logger }, request),
    observe: options.observe,
    // Which Plan is the default depends on every Plan claiming it: when one
    // changes (or goes), the others re-decide.
    relatedKeys: (changed, cache) =>
      changed.spec?.default
        ? cache
            .list(changed.metadata.namespace)
            .filter((plan) => plan.spec?.default && plan.metadata.name !== changed.metadata.name)
            .map(keyOf)
        : [],
  });
}
