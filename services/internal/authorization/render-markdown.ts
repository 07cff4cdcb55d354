import { RULE_TABLE } from './table';
import { CALLER_ROLES, ITEM_STATES, OPERATIONS, type Decision } from './vocabulary';

// Renders the rule table as the Markdown that docs/authorization.md holds
// between its markers; matrix-doc.test.ts fails when the two differ.

export const MATRIX_BEGIN =
  '<!-- authorization-matrix:begin (generated from services/internal/authorization; do not edit) -->';
export const MATRIX_END = '<!-- authorization-matrix:end -->';

const CELL: Record<Decision, string> = { allowed: 'yes', 401: '401', 403: '403', 404: '404', 409: '409' };

function stateTable(state: (typeof ITEM_STATES)[number]): string[] {
  const header = `| operation | ${CALLER_ROLES.join(' | ')} |`;
  const rule = `|${' --- |'.repeat(CALLER_ROLES.length + 1)}`;
  const rows = OPERATIONS.map(
    (operation) =>
      `| ${operation} | ${CALLER_ROLES.map((role) => CELL[RULE_TABLE[role][state][operation]]).join(' | ')} |`,
  );
  return [`### Item ${state}`, '', header, rule, ...rows];
}

/**
 * The generated block, markers included, one table per item state. Prettier
 * would realign the tables and break the byte-for-byte comparison, so the
 * block tells it to leave them alone.
 */
export function renderMatrixMarkdown(): string {
  const tables = ITEM_STATES.flatMap((state) => ['', ...stateTable(state)]);
  return [
    MATRIX_BEGIN,
    '<!-- prettier-ignore-start -->',
    ...tables,
    '',
    '<!-- prettier-ignore-end -->',
    MATRIX_END,
  ].join('\n');
}

/** The block between (and including) the markers in `document`; undefined when a marker is missing. */
export function extractMatrixBlock(document: string): string | undefined {
  const start = document.indexOf(MATRIX_BEGIN);
  const end = document.indexOf(MATRIX_END);
  if (start < 0 || end < start) return undefined;
  return document.slice(start, end + MATRIX_END.length);
}
