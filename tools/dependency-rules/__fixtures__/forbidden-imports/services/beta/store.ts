import type { PlanRow } from './rows.js';

export const planTable = 'beta.plans';
export type { PlanRow };
