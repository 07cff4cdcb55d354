import { Code, ConnectError } from '@connectrpc/connect';
import { PlanChange } from '../../../../proto/gen/billing/v1/billing_pb.js';
import { fromConnectError } from '../../../internal/grpc/errors';
import type { Logger } from '../../../internal/logger';
import { PLAN_FINALIZER, type Plan } from '../../api/v1alpha1/types';
import { mergeConditions } from '../../framework/conditions';
import type { ReconcileRequest } from '../../framework/controller';
import type { CustomResources } from '../../framework/custom-resources';
import type { EventRecorder } from '../../framework/events';
import type { BillingPlans } from './billing-plans';
import { defaultPlanWinner, generatePlanConditions, generatePlanTerms, type PlanOutcome } from './generate';
import { QuantityError } from './quantity';

export interface PlanReconcilerDeps {
  billing: BillingPlans;
  plans: CustomResources<Plan>;
  events: EventRecorder;
  logger: Logger;
  now?: () => Date;
}

/** Has billing sell one Plan on the terms it states; see docs/operator.md for the rules. */
export async function reconcilePlan(
  deps: PlanReconcilerDeps,
  request: ReconcileRequest<Plan>,
): Promise<void> {
  let plan = request.object;
  // Gone from the cache: its finalizer already ran (we never let a Plan go without it).
  if (!plan) return;

  if (plan.metadata.deletionTimestamp) return finalizePlan(deps, plan);

  const finalizers = plan.metadata.finalizers ?? [];
  if (!finalizers.includes(PLAN_FINALIZER))
    plan = await deps.plans.setFinalizers(plan, [...finalizers, PLAN_FINALIZER]);

  const outcome = await syncPlan(deps, plan, request.cache.list(plan.metadata.namespace));
  await deps.plans.applyStatus(plan, {
    observedGeneration: plan.metadata.generation,
    planId: outcome.planId,
    conditions: mergeConditions(plan.status?.conditions, generatePlanConditions(outcome.outcome), {
      now: (deps.now ?? (() => new Date()))(),
      observedGeneration: plan.metadata.generation ?? 0,
    }),
  });
  // Billing being unreachable is worth retrying; an invalid spec or a conflict waits for someone to edit a Plan.
  if (outcome.outcome.kind === 'billingError') throw new Error(outcome.outcome.message);
}

async function syncPlan(
  deps: PlanReconcilerDeps,
  plan: Plan,
  siblings: readonly Plan[],
): Promise<{ outcome: PlanOutcome; planId?: string }> {
  let terms;
  try {
    terms = generatePlanTerms(plan);
  } catch (error) {
    if (!(error instanceof QuantityError)) throw error;
    return invalidSpec(deps, plan, error.message);
  }

  // Which Plan is the default is decided here, from every Plan resource;
  // billing only moves the default to the plan it is told to.
  const winner = plan.spec.default ? defaultPlanWinner(siblings) : undefined;
  const conflict = winner !== undefined && winner !== plan.metadata.name;
  let applied;
  try {
    applied = await deps.billing.applyPlan({ terms, makeDefault: plan.spec.default === true && !conflict });
  } catch (error) {
    const failure = ConnectError.from(error);
    // Billing refused the terms themselves: editing the Plan is the only fix.
    if (failure.code === Code.InvalidArgument) return invalidSpec(deps, plan, refusal(failure));
    const message = `could not apply the plan in billing: ${failure.message}`;
    await deps.events.record(plan, 'Warning', 'BillingError', message);
    return { outcome: { kind: 'billingError', message }, planId: plan.status?.planId };
  }

  const verb = CHANGE_VERBS[applied.change];
  if (verb)
    await deps.events.record(plan, 'Normal', verb, `${verb.toLowerCase()} plan ${terms.slug} in billing`);
  if (conflict) {
    await deps.events.record(
      plan,
      'Warning',
      'DefaultConflict',
      `Plan ${winner} also claims default and is older; this plan is not the default`,
    );
    return { outcome: { kind: 'defaultConflict', winner }, planId: applied.planId };
  }
  return {
    outcome: { kind: 'synced', slug: terms.slug, retainedDefault: applied.retainedDefault },
    planId: applied.planId,
  };
}

const CHANGE_VERBS: Partial<Record<PlanChange, 'Created' | 'Updated' | 'Unretired'>> = {
  [PlanChange.CREATED]: 'Created',
  [PlanChange.UPDATED]: 'Updated',
  [PlanChange.UNRETIRED]: 'Unretired',
};

/** "billing refused the plan: the plan is not valid (periodDays must be at least 1)" */
function refusal(failure: ConnectError): string {
  const { detail, fields } = fromConnectError(failure);
  const problems = fields.map((problem) => `${problem.field} ${problem.message}`).join('; ');
  return `billing refused the plan: ${detail}${problems ? ` (${problems})` : ''}`;
}

async function invalidSpec(
  deps: PlanReconcilerDeps,
  plan: Plan,
  message: string,
): Promise<{ outcome: PlanOutcome; planId?: string }> {
  await deps.events.record(plan, 'Warning', 'InvalidSpec', message);
  return { outcome: { kind: 'invalidSpec', message }, planId: plan.status?.planId };
}

async function finalizePlan(deps: PlanReconcilerDeps, plan: Plan): Promise<void> {
  const finalizers = plan.metadata.finalizers ?? [];
  if (!finalizers.includes(PLAN_FINALIZER)) return;
  // A failure throws: the reconcile is retried and the finalizer stays until billing has retired the plan.
  const result = await deps.billing.retirePlan({ slug: plan.metadata.name });
  if (result.retired)
    await deps.events.record(
      plan,
      'Normal',
      'Retired',
      `billing retired plan ${plan.metadata.name}: no longer sold, existing subscriptions keep it`,
    );
  if (result.wasDefault)
    await deps.events.record(
      plan,
      'Warning',
      'RetiredDefaultPlan',
      `${plan.metadata.name} is still the default plan new users get: set default: true on another Plan`,
    );
  await deps.plans.setFinalizers(
    plan,
    finalizers.filter((finalizer) => finalizer !== PLAN_FINALIZER),
  );
}
