import { planTable } from '../../services/beta/store.js';

export async function ping(): Promise<string> {
  return planTable;
}
