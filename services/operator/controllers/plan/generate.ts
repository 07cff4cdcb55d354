import type { ConditionUpdate } from '../../framework/conditions';
import { readyCondition } from '../../framework/conditions';
import type { PlanRow } from '../../../billing/store';
import type { Plan } from '../../api/v1alpha1/types';
import { parseByteQuantity } from './quantity';

/** The columns of a billing.plans row the operator writes (int8 columns as decimal strings). */
export type PlanRowValues = Pick<
  PlanRow,
  | 'slug'
  | 'name'
  | 'storage_quota_bytes'
  | 'max_file_size_bytes'
  | 'trash_retention_seconds'
  | 'period_days'
  | 'price_cents'
>;

const DAY_SECONDS = 86_400;

/** The row a Plan asks for; throws QuantityError for a quantity that is not whole bytes. */
export function generatePlanRow(plan: Plan): PlanRowValues {
  const { spec } = plan;
  return {
    slug: plan.metadata.name,
    name: spec.displayName,
    storage_quota_bytes: parseByteQuantity(spec.storageQuota).toString(),
    max_file_size_bytes: parseByteQuantity(spec.maxFileSize).toString(),
    trash_retention_seconds: spec.trashRetentionDays * DAY_SECONDS,
    period_days: spec.periodDays,
    price_cents: spec.priceCents,
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
  databaseError: 'DatabaseError',
  ready: 'PlanReady',
  notReady: 'PlanNotReady',
  retiring: 'Retiring',
} as const;

export type PlanOutcome =
  | { kind: 'synced'; slug: string; retainedDefault: boolean }
  | { kind: 'invalidSpec'; message: string }
  | { kind: 'defaultConflict'; winner: string }
  | { kind: 'databaseError'; message: string };

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
          ? `billing.plans row ${outcome.slug} matches the spec; it stays the default plan until another Plan claims default`
          : `billing.plans row ${outcome.slug} matches the spec`,
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
    case 'databaseError':
      return { type, status: 'False', reason: PLAN_REASONS.databaseError, message: outcome.message };
  }
}
