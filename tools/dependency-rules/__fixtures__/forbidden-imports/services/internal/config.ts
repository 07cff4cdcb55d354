import { planTable } from '../beta/store.js';

export function loadConfig(): { name: string } {
  return { name: planTable };
}
