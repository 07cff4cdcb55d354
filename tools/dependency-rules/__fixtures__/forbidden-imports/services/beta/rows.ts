// Closes a cycle with store.ts through type-only imports: cycles count even when erased.
import type { planTable } from './store.js';

export interface PlanRow {
  table: typeof planTable;
}
