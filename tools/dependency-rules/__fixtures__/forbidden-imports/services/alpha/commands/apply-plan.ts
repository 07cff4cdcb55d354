// A service borrowing another service's table type: the violation the operator had with billing.
import type { PlanRow } from '../../beta/store.js';
import { pingWorkflowId } from '../../../workflows/ping/contract.js';
import { loadConfig } from '../../internal/config.js';

export function applyPlan(row: PlanRow): string {
  return `${loadConfig().name}:${row.table}:${pingWorkflowId('a')}`;
}
