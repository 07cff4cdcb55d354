import { randomUUID } from 'node:crypto';
import { koaPath } from '../route';
import { expectProblem } from '../testing/expect-problem';
import { createTestGateway } from '../testing/test-gateway';
import { ROUTES } from '.';

// Every route under /v1/admin, whoever adds it: RBAC is one declared rule
// per route (requiredRole), so this test covers routes added later too.
const ADMIN_ROUTES = ROUTES.filter((route) => route.path.startsWith('/v1/admin'));
const samplePath = (path: string) => koaPath(path).replace(/:\w+/g, () => randomUUID());
const label = (route: (typeof ADMIN_ROUTES)[number]) => `${route.method.toUpperCase()} ${route.path}`;

describe('RBAC on the admin routes', () => {
  it('finds the admin routes', () => {
    expect(ADMIN_ROUTES.map(label)).toEqual(
      expect.arrayContaining([
        'GET /v1/admin/users',
        'PATCH /v1/admin/users/{id}',
        'GET /v1/admin/audit-log',
      ]),
    );
  });

  it.each(ADMIN_ROUTES.map((route) => [label(route), route] as const))(
    '%s declares the admin role',
    (_label, route) => {
      expect(route.requiredRole).toBe('admin');
    },
  );

  it.each(ADMIN_ROUTES.map((route) => [label(route), route] as const))(
    '%s answers 403 forbidden to a user, 401 without a token, and lets an admin past the role check',
    async (_label, route) => {
      // No fake backend answers: whatever an admin gets back, it is not the role check's 401 or 403.
      const gateway = await createTestGateway();
      const path = samplePath(route.path);
      const body = route.method === 'get' || route.method === 'delete' ? undefined : {};
      const asUser = await gateway.request(route.method.toUpperCase(), path, {
        token: await gateway.tokenFor(randomUUID(), { role: 'user' }),
        body,
      });
      expectProblem(asUser, { status: 403, code: 'forbidden' });
      const anonymous = await gateway.request(route.method.toUpperCase(), path, { body });
      expectProblem(anonymous, { status: 401, code: 'unauthenticated' });
      const asAdmin = await gateway.request(route.method.toUpperCase(), path, {
        token: await gateway.tokenFor(randomUUID(), { role: 'admin' }),
        body,
      });
      expect(asAdmin.body?.code).not.toBe('forbidden');
      expect(asAdmin.body?.code).not.toBe('unauthenticated');
      expect([401, 403]).not.toContain(asAdmin.status);
    },
  );
});
