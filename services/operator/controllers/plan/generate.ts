import type { ConditionUpdate } from '../../framework/conditions';
import { readyCondition } from '../../framework/conditions';
import type { PlanTerms } from '../../../../proto/gen/billing/v1/billing_pb.js';
import type { Plan } from '../../api/v1alpha1/types';
import { parseByteQuantity } from './quantity';

/** What billing's ApplyPlan receives for a Plan (byte sizes as bigint, exact beyond 2^53). */
export type PlanTermsValues = Omit<PlanTerms, '$typeName' | '$unknown'>;

const DAY_SECONDS = 86_400;

/** The terms a Plan asks billing to sell; throws QuantityError for a quantity that is not whole bytes. */
export function generatePlanTerms(plan: Plan): PlanTermsValues {
  const { spec } = plan;
  return {
    slug: plan.metadata.name,
    name: spec.displayName,
    storageQuotaBytes: parseByteQuantity(spec.storageQuota),
    maxFileSizeBytes: parseByteQuantity(spec.maxFileSize),
    trashRetentionSeconds: spec.trashRetentionDays * DAY_SECONDS,
    periodDays: spec.periodDays,
    priceCents: spec.priceCents,
  };
}

/**
 * Of the Plans claiming `default: true` (and not being deleted), the one
 * that gets it: the oldest, then the first by name, so the answer does not
 * depend on which one the operator happens to look at first.
 */
export function defaultPlanWinner(plans: readonly Plan[]): string | undefined {
  const claimants = plans
    .filter((plan) => plan.spec?.default === true && !plan.metadata.deletionTimestamp)
    .sort((a, b) => creationTime(a) - creationTime(b) || (a.metadata.name < b.metadata.name ? -1 : 1));
  return claimants[0]?.metadata.name;
}

function creationTime(plan: Plan): number {
  return new Date(plan.metadata.creationTimestamp ?? 0).getTime();
}

export const PLAN_REASONS = {
  synced: 'PlanSynced',
  invalidSpec: 'InvalidSpec',
  defaultConflict: 'DefaultConflict',
  billingError: 'BillingError',
  ready: 'PlanReady',
  notReady: 'PlanNotReady',
  retiring: 'Retiring',
} as const;

export type PlanOutcome =
  | { kind: 'synced'; slug: string; retainedDefault: boolean }
  | { kind: 'invalidSpec'; message: string }
  | { kind: 'defaultConflict'; winner: string }
  | { kind: 'billingError'; message: string };

/** PlanSynced and Ready for the outcome of one reconcile. */
export function generatePlanConditions(outcome: PlanOutcome): ConditionUpdate[] {
  const synced = planSyncedCondition(outcome);
  return [
    synced,
    readyCondition([synced], {
      ready: PLAN_REASONS.ready,
      notReady: PLAN_REASONS.notReady,
      readyMessage: 'the plan is on sale with these terms',
    }),
  ];
}

function planSyncedCondition(outcome: PlanOutcome): ConditionUpdate {
  const type = 'PlanSynced';
  switch (outcome.kind) {
    case 'synced':
      return {
        type,
        status: 'True',
        reason: PLAN_REASONS.synced,
        message: outcome.retainedDefault
          ? `billing sells plan ${outcome.slug} on these terms; it stays the default plan until another Plan claims default`
          : `billing sells plan ${outcome.slug} on these terms`,
      };
    case 'invalidSpec':
      return { type, status: 'False', reason: PLAN_REASONS.invalidSpec, message: outcome.message };
    case 'defaultConflict':
      return {
        type,
        status: 'False',
        reason: PLAN_REASONS.defaultConflict,
        message: `Plan ${outcome.winner} also claims default and is older: set default: false on one of them`,
      };
    case 'billingError':
      return { type, status: 'False', reason: PLAN_REASONS.billingError, message: outcome.message };
  }
}
