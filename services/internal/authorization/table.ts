import {
  GRANTEE_OPERATIONS,
  HIDDEN_FROM_GRANTEES,
  NEVER_SEES,
  STATE_EXCEPTIONS,
  type RuleTable,
} from './rules';
import {
  CALLER_ROLES,
  ITEM_STATES,
  OPERATIONS,
  type CallerRole,
  type Decision,
  type ItemState,
  type Operation,
} from './vocabulary';

// Expands the rule lists of rules.ts into the full role × state × operation
// table once, at load time, so a lookup is a plain property read and the doc
// and test generators see every cell, not the rules that produce it.

function ownerDecision(state: ItemState, operation: Operation): Decision {
  if (state === 'purged') return 404;
  return STATE_EXCEPTIONS[state][operation] ?? 'allowed';
}

function cellDecision(role: CallerRole, state: ItemState, operation: Operation): Decision {
  if (role === 'anonymous') return 401;
  if (NEVER_SEES.includes(role)) return 404;
  if (role === 'owner') return ownerDecision(state, operation);
  // A grantee: trashed and purged items are gone for them (issue 10, "The trash").
  if (HIDDEN_FROM_GRANTEES.includes(state)) return 404;
  if (!GRANTEE_OPERATIONS[role as 'editor' | 'viewer'].includes(operation)) return 403;
  return STATE_EXCEPTIONS[state][operation] ?? 'allowed';
}

function build(): RuleTable {
  const table = {} as Record<CallerRole, Record<ItemState, Record<Operation, Decision>>>;
  for (const role of CALLER_ROLES) {
    table[role] = {} as Record<ItemState, Record<Operation, Decision>>;
    for (const state of ITEM_STATES) {
      table[role][state] = {} as Record<Operation, Decision>;
      for (const operation of OPERATIONS)
        table[role][state][operation] = cellDecision(role, state, operation);
    }
  }
  return table;
}

export const RULE_TABLE: RuleTable = build();
