import type { FieldProblem } from '../internal/errors';

/**
 * Where a request holds a NUL character (U+0000), as validation field
 * problems. Postgres text and jsonb cannot store it, so a NUL that reached a
 * query failed it with a 500; no name, search term, address or token of this
 * API has a use for one.
 */
export function nulCharacterProblems(where: 'path' | 'query' | 'body', value: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (node: unknown, path: string[]) => {
    if (typeof node === 'string') {
      if (node.includes('\u0000'))
        problems.push({ field: [where, ...path].join('.'), message: 'must not contain a NUL character' });
    } else if (Array.isArray(node)) {
      // Repeated query parameters name the parameter, not its position.
      node.forEach((item, index) => visit(item, where === 'query' ? path : [...path, String(index)]));
    } else if (node && typeof node === 'object') {
      for (const [key, item] of Object.entries(node))
        // A list cursor is refused whole, as invalid_cursor, when the router opens it.
        if (!(where === 'query' && path.length === 0 && key === 'cursor')) visit(item, [...path, key]);
    }
  };
  visit(value, []);
  return problems;
}
