import { applyPlan } from './alpha/commands/apply-plan.js';
import { planTable } from './beta/store.js';

export function startPlatform(): string {
  return applyPlan({ table: planTable });
}
