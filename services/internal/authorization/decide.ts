import { RULE_TABLE } from './table';
import type { CallerRole, Decision, ItemState, Operation } from './vocabulary';

/** The answer for `role` doing `operation` on an item in `state`; reads the table, never recomputes it. */
export function decide(role: CallerRole, state: ItemState, operation: Operation): Decision {
  return RULE_TABLE[role][state][operation];
}
