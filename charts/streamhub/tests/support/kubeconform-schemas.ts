// Turns the API server's /openapi/v2 document into the per-kind JSON schemas kubeconform reads
// from disk (it cannot download any here). Each file is standalone: the kind's schema plus every
// definition it references. Objects are made strict (additionalProperties: false) so a misspelled
// field fails, as it does with the API server's strict field validation.
import fs from 'node:fs';
import path from 'node:path';

type Schema = { [keyword: string]: unknown };

interface OpenApiV2 {
  definitions: Record<string, Schema>;
}

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

// kubeconform fills {{ .Group }} with the apiVersion's first part, which for the core group is the version.
export const SCHEMA_LOCATION_TEMPLATE = '{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json';

// Types whose OpenAPI v2 form says "string" but whose JSON may be a number too.
const LOOSE_TYPES: Record<string, Schema> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { oneOf: [{ type: 'string' }, { type: 'integer' }] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
};

const REF_PREFIX = '#/definitions/';

function referencedNames(schema: unknown, into: Set<string>): void {
  if (Array.isArray(schema)) return schema.forEach((item) => referencedNames(item, into));
  if (!schema || typeof schema !== 'object') return;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX))
      into.add(value.slice(REF_PREFIX.length));
    else referencedNames(value, into);
  }
}

function closure(definitions: Record<string, Schema>, root: string): Set<string> {
  const seen = new Set<string>();
  const pending = [root];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name) || !definitions[name]) continue;
    seen.add(name);
    const refs = new Set<string>();
    referencedNames(definitions[name], refs);
    pending.push(...refs);
  }
  return seen;
}

function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema))
    copy[key] =
      key === 'properties'
        ? Object.fromEntries(
            Object.entries(value as Schema).map(([name, property]) => [name, strict(property)]),
          )
        : strict(value);
  if (
    copy.properties &&
    copy.additionalProperties === undefined &&
    !copy['x-kubernetes-preserve-unknown-fields']
  )
    copy.additionalProperties = false;
  return copy;
}

export function schemaFileName({ group, version, kind }: GroupVersionKind): string {
  return path.join(group || version, `${kind.toLowerCase()}_${version}.json`);
}

/** Writes one schema file per kind the API server serves; returns how many were written. */
export function writeKubeconformSchemas(openapi: OpenApiV2, directory: string): number {
  const definitions: Record<string, Schema> = { ...openapi.definitions, ...LOOSE_TYPES };
  let written = 0;
  for (const [name, definition] of Object.entries(openapi.definitions)) {
    const kinds = definition['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined;
    if (!kinds) continue;
    const used = Object.fromEntries(
      [...closure(definitions, name)].map((used) => [used, strict(definitions[used])]),
    );
    const schema = {
      $schema: 'http://json-schema.org/draft-04/schema#',
      ...(strict(definition) as Schema),
      definitions: used,
    };
    for (const kind of kinds) {
      const file = path.join(directory, schemaFileName(kind));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(schema));
      written += 1;
    }
  }
  return written;
}
