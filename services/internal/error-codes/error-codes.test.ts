import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Code } from '@connectrpc/connect';
import { ERROR_CODE_CATALOGS, ERROR_CODES, ERROR_KINDS, mergeErrorCodeCatalogs } from '.';

const DOC = path.resolve(__dirname, '../../../docs/errors.md');

/** FailedPrecondition -> FAILED_PRECONDITION, as docs/errors.md writes gRPC statuses. */
function grpcName(code: Code): string {
  return Code[code].replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

interface DocRow {
  code: string;
  kind: string;
  http: string;
  grpc: string;
  retry: string;
  meaning: string;
  action: string;
}

/** The rows of the "## Codes" table in docs/errors.md. */
function documentedCodes(): DocRow[] {
  const markdown = readFileSync(DOC, 'utf8');
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Codes\n'));
  if (!section) throw new Error('docs/errors.md has no "## Codes" section');
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim());
      const [code, kind, http, grpc, retry, meaning, action] = cells.map((cell) =>
        cell.replace(/^`|`$/g, ''),
      );
      return {
        code: code!,
        kind: kind!,
        http: http!,
        grpc: grpc!,
        retry: retry!,
        meaning: meaning!,
        action: action!,
      };
    });
}

describe('the error code registry', () => {
  it('holds every catalog’s codes, none defined twice', () => {
    const perCatalog = Object.values(ERROR_CODE_CATALOGS).flatMap((catalog) => Object.keys(catalog));
    expect(new Set(perCatalog).size).toBe(perCatalog.length);
    expect([...ERROR_CODES.keys()].sort()).toEqual([...perCatalog].sort());
  });

  it('refuses a code that two catalogs define', () => {
    const spec = { kind: 'not_found', title: 'Gone', retry: false } as const;
    expect(() => mergeErrorCodeCatalogs({ files: { gone: spec }, storage: { gone: spec } })).toThrow(
      'error code gone is defined by both files and storage',
    );
  });

  it('names codes in snake_case and gives each a known kind and a title', () => {
    for (const [code, spec] of ERROR_CODES) {
      expect(code).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
      expect(Object.keys(ERROR_KINDS)).toContain(spec.kind);
      expect(spec.title.length).toBeGreaterThan(0);
    }
  });

  it('keeps the codes the REST contract names for the cases it names', () => {
    const expected = {
      invalid_argument: 400,
      unauthenticated: 401,
      forbidden: 403,
      not_found: 404,
      conflict: 409,
      quota_exceeded: 403,
      payload_too_large: 413,
      rate_limited: 429,
    };
    for (const [code, status] of Object.entries(expected)) {
      const spec = ERROR_CODES.get(code as never);
      expect({ code, status: spec && ERROR_KINDS[spec.kind].status }).toEqual({ code, status });
    }
  });
});

describe('docs/errors.md', () => {
  const rows = documentedCodes();

  it('lists every code of the registry once, and no other', () => {
    const codes = rows.map((row) => row.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...ERROR_CODES.keys()].sort());
  });

  it('gives each code the kind, HTTP status, gRPC status and retry advice of the registry', () => {
    for (const row of rows) {
      const spec = ERROR_CODES.get(row.code as never);
      if (!spec) continue; // reported by the test above
      const kind = ERROR_KINDS[spec.kind];
      expect(row).toMatchObject({
        code: row.code,
        kind: spec.kind,
        http: String(kind.status),
        grpc: grpcName(kind.grpc),
        retry: spec.retry ? 'yes' : 'no',
      });
      expect(row.meaning.length).toBeGreaterThan(10);
      expect(row.action.length).toBeGreaterThan(5);
    }
  });

  it('documents every kind with its statuses', () => {
    const section = readFileSync(DOC, 'utf8')
      .split(/^## /m)
      .find((part) => part.startsWith('Kinds\n'));
    const documented = (section ?? '')
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) =>
        line
          .slice(1, -1)
          .split('|')
          .map((cell) => cell.trim().replace(/^`|`$/g, ''))
          .join(' '),
      );
    const expected = Object.entries(ERROR_KINDS).map(
      ([name, kind]) => `${name} ${kind.status} ${grpcName(kind.grpc)}`,
    );
    expect(documented).toEqual(expected);
  });
});
