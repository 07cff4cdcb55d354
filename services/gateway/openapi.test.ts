import { z } from 'zod';
import { buildOpenApiDocument } from './openapi';
import { defineRoute, type RouteDefinition } from './route';
import { ROUTES } from './routes';

type JsonObject = Record<string, unknown>;

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

// A component must describe values: a bare $ref (above all to itself) matches anything.
function componentProblems(document: JsonObject): string[] {
  const schemas = (document.components as { schemas: Record<string, JsonObject> }).schemas;
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    if (schema.$ref === `#/components/schemas/${name}`) problems.push(`${name} is a $ref to itself`);
    else if (schema.$ref && Object.keys(schema).length === 1) problems.push(`${name} is only a $ref`);
    const keywords = ['type', 'anyOf', 'oneOf', 'allOf', 'enum', 'const'];
    if (!keywords.some((keyword) => keyword in schema)) problems.push(`${name} constrains nothing`);
  }
  for (const ref of new Set(refsIn(document))) {
    const name = ref.replace('#/components/schemas/', '');
    if (!ref.startsWith('#/components/schemas/') || !schemas[name])
      problems.push(`${ref} resolves to nothing`);
  }
  return problems;
}

const route = (responseSchema: z.ZodType, body?: z.ZodType): RouteDefinition =>
  defineRoute<unknown>({
    operationId: 'probe',
    method: 'post',
    path: '/probe',
    summary: 'probe',
    tags: [],
    auth: false,
    body,
    responses: { 200: { description: 'ok', schema: responseSchema } },
    handler: async () => undefined,
  });

describe('the OpenAPI document', () => {
  it('defines every component of the served routes as a real schema, never a $ref to itself', () => {
    const document = buildOpenApiDocument(ROUTES, { version: 'test' });
    expect(componentProblems(document)).toEqual([]);
    const schemas = (document.components as { schemas: Record<string, JsonObject> }).schemas;
    for (const name of ['Problem', 'Profile', 'FileList', 'Folder', 'Session', 'Readiness', 'JsonWebKeySet'])
      expect({ name, type: schemas[name]?.type }).toEqual({ name, type: 'object' });
    expect(Object.keys((schemas.Profile!.properties as JsonObject) ?? {})).toContain('usage');
  });

  it('keeps the definition of a schema whose fields carry ids of their own', () => {
    const Inner = z.object({ n: z.number() }).meta({ id: 'Inner' });
    const Outer = z.object({ inner: Inner, list: z.array(Inner) }).meta({ id: 'Outer' });
    const document = buildOpenApiDocument([route(Outer)], { version: 'test' });
    const schemas = (document.components as { schemas: Record<string, JsonObject> }).schemas;
    expect(schemas.Outer).toMatchObject({
      type: 'object',
      properties: {
        inner: { $ref: '#/components/schemas/Inner' },
        list: { type: 'array', items: { $ref: '#/components/schemas/Inner' } },
      },
    });
    expect(schemas.Inner).toMatchObject({ type: 'object', properties: { n: { type: 'number' } } });
    expect(componentProblems(document)).toEqual([]);
  });

  it('refuses two different schemas under one id rather than documenting one of them', () => {
    const first = z.object({ a: z.string() }).meta({ id: 'Twice' });
    const second = z.object({ b: z.string() }).meta({ id: 'Twice' });
    expect(() => buildOpenApiDocument([route(first, second)], { version: 'test' })).toThrow(/Twice/);
  });
});
