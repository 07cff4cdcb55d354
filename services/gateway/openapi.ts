import { z } from 'zod';
import { errorCodeSpec } from '../internal/error-codes';
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from './problem';
import type { RouteDefinition } from './route';
import { routeErrorCodesByStatus } from './route-errors';

type JsonObject = Record<string, unknown>;

// Built from the same route definitions and zod schemas the router validates
// with; `components.schemas` collects every schema that carries a meta id.
export function buildOpenApiDocument(routes: RouteDefinition[], info: { version: string }): JsonObject {
  const components: Record<string, JsonObject> = {};
  const addComponent = (id: string, definition: JsonObject) => {
    // A component that is itself only a $ref (to itself, as zod answers a
    // schema whose id is its own) would match any value: never store one.
    if (typeof definition.$ref === 'string' && Object.keys(definition).length === 1)
      throw new Error(`OpenAPI component ${id} would be a bare $ref to ${definition.$ref}`);
    const { id: _id, ...schema } = definition;
    const known = components[id];
    if (known && JSON.stringify(known) !== JSON.stringify(schema))
      throw new Error(`two different schemas carry the OpenAPI id ${id} (an input and an output form?)`);
    components[id] = schema;
  };
  const toSchema = (schema: z.ZodType, io: 'input' | 'output') => {
    const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
    // Nested schemas with a meta id arrive in $defs; they become shared components.
    const json = JSON.parse(
      JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonObject;
    const defs = (json.$defs ?? {}) as Record<string, JsonObject>;
    delete json.$defs;
    delete json.$schema;
    const id = (schema.meta() as { id?: string } | undefined)?.id;
    // A schema with an id comes back as a $ref into $defs, where its
    // definition is; one without nested ids may come back inline instead.
    if (id && !defs[id]) defs[id] = json;
    for (const [name, definition] of Object.entries(defs)) addComponent(name, definition);
    return id ? { $ref: `#/components/schemas/${id}` } : json;
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters = [
      ...objectParameters(route.params, 'path', toSchema),
      ...objectParameters(route.query, 'query', toSchema),
    ];
    const responses: JsonObject = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      const contentType = spec.contentType ?? 'application/json';
      responses[status] = {
        description: spec.description,
        ...(spec.schema ? { content: { [contentType]: { schema: toSchema(spec.schema, 'output') } } } : {}),
        ...(spec.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(spec.headers).map(([name, description]) => [
                  name,
                  { description, schema: { type: 'string' } },
                ]),
              ),
            }
          : {}),
      };
    }
    const problem = toSchema(ProblemSchema, 'output');
    // Per error status: the codes this operation can answer with, both as an
    // enum on `code` (for generated clients) and as `x-error-codes`.
    for (const [status, codes] of routeErrorCodesByStatus(route)) {
      const documented = route.responses[status];
      responses[status] = {
        description:
          documented?.description ??
          codes.map((code) => `\`${code}\`: ${errorCodeSpec(code).title}`).join('; '),
        'x-error-codes': codes,
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: {
              allOf: [problem, { type: 'object', properties: { code: { type: 'string', enum: codes } } }],
            },
          },
        },
      };
    }
    responses.default = {
      description: 'Any other error (for example from a service newer than this gateway)',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: problem } },
    };
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      ...(route.auth ? { security: [{ bearerAuth: [] }] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'StreamHub API',
      version: info.version,
      description:
        'Cloud drive with real-time messaging. Errors are RFC 9457 problem+json with a stable `code`; ' +
        'each operation lists the codes it can answer per status (an enum on `code`, and `x-error-codes`).',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

function objectParameters(
  schema: z.ZodType | undefined,
  location: 'path' | 'query',
  toSchema: (schema: z.ZodType, io: 'input') => unknown,
) {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}
