import { ERROR_CODES, httpStatusOf } from '../internal/error-codes';
import { buildOpenApiDocument } from './openapi';
import { ROUTES } from './routes';
import { routeErrorCodes } from './route-errors';

interface Operation {
  responses: Record<string, { 'x-error-codes'?: string[]; content?: Record<string, { schema: unknown }> }>;
}

const document = buildOpenApiDocument(ROUTES, { version: 'test' }) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { enum?: string[] }> };
};

describe('the error codes of each route', () => {
  it.each(ROUTES.map((route) => [route.operationId, route] as const))(
    '%s declares only codes of the registry',
    (_, route) => {
      const unknown = (route.errors ?? []).filter((code) => !ERROR_CODES.has(code));
      expect(unknown).toEqual([]);
      expect(new Set(route.errors).size).toBe((route.errors ?? []).length);
    },
  );

  it.each(ROUTES.map((route) => [route.operationId, route] as const))(
    '%s documents no error status that none of its codes answers',
    (_, route) => {
      const errorStatuses = new Set(routeErrorCodes(route).map(httpStatusOf));
      const described = Object.entries(route.responses)
        .filter(([status, spec]) => Number(status) >= 400 && !spec.schema)
        .map(([status]) => Number(status));
      expect(described.filter((status) => !errorStatuses.has(status))).toEqual([]);
    },
  );

  it('lists each operation’s codes per status, as x-error-codes and as an enum on code', () => {
    for (const route of ROUTES) {
      const operation = document.paths[route.path]![route.method]!;
      const listed = Object.entries(operation.responses).flatMap(([status, response]) => {
        const codes = response['x-error-codes'] ?? [];
        for (const code of codes)
          expect({ code, status: Number(status) }).toEqual({ code, status: httpStatusOf(code as never) });
        const schema = response.content?.['application/problem+json']?.schema as
          { allOf: [unknown, { properties: { code: { enum: string[] } } }] } | undefined;
        if (codes.length > 0) expect(schema?.allOf[1].properties.code.enum).toEqual(codes);
        return codes;
      });
      expect(listed.sort()).toEqual(routeErrorCodes(route).sort());
    }
  });

  it('adds the codes a route’s shape implies', () => {
    const byId = Object.fromEntries(ROUTES.map((route) => [route.operationId, routeErrorCodes(route)]));
    expect(byId.completeUpload).toEqual(
      expect.arrayContaining([
        'invalid_argument',
        'body_too_large',
        'unauthenticated',
        'upload_not_arrived',
        'upload_verification_failed',
        'internal',
        'unavailable',
      ]),
    );
    expect(byId.logIn).toEqual(expect.arrayContaining(['rate_limited', 'invalid_credentials']));
    expect(byId.logIn).not.toContain('unauthenticated');
    expect(byId.listPlans).toEqual(['internal', 'unavailable']);
    // Readiness answers its own 503 body, not a problem.
    expect(byId.readyz).toEqual(['internal']);
  });

  it('defines every component schema instead of pointing it at itself', () => {
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      expect({ name, schema }).not.toEqual({ name, schema: { $ref: `#/components/schemas/${name}` } });
    }
    expect(document.components.schemas.Problem).toMatchObject({ type: 'object' });
  });

  it('publishes every code in the ErrorCode schema', () => {
    expect(document.components.schemas.ErrorCode?.enum?.sort()).toEqual([...ERROR_CODES.keys()].sort());
  });
});
