import { startPlatform } from '../../platform.js';
import { planTable } from '../../beta/store.js';

export function startHarness(): string {
  return `${startPlatform()}:${planTable}`;
}
