import { request as httpRequest } from 'node:http';
import knex from 'knex';
import { signUpAdmin, signUpUser } from '../internal/testing/api-users';
import { eventually } from '../internal/testing/eventually';
import { MainProcess } from '../internal/testing/main-process';
import { requireTestEnv } from '../internal/testing/require-env';
import { ISOLATION_ENV, SERVER_ENV } from '../internal/testing/test-platform';

const WORKERS = 2;

/** One request on a connection of its own, so the cluster spreads them over its workers. */
function freshConnectionStatus(port: number, urlPath: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: urlPath, agent: false, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

// Disabling a user must reach every gateway process, and with
// CLUSTER_WORKERS each worker is one: a real `main.js` with two workers
// sharing the port answers every request with the token refused.
describe('session revocation across cluster workers', () => {
  const env = requireTestEnv([...SERVER_ENV, ...ISOLATION_ENV]);
  const main = new MainProcess('gateway,auth,admin', {
    ...env,
    CLUSTER_WORKERS: String(WORKERS),
    BCRYPT_COST: '4',
  });
  let port: number;
  const db = knex({ client: 'pg', connection: env.DATABASE_URL });

  beforeAll(async () => {
    await main.start();
    port = Number(new URL(main.baseUrl).port);
  });

  afterAll(async () => {
    await main.stop();
    await db.destroy();
  });

  it('refuses a disabled user’s token in every worker', async () => {
    const baseUrl = main.baseUrl;
    const admin = await signUpAdmin(baseUrl, db);
    const user = await signUpUser(baseUrl, 'cluster');
    const login = await user.call('POST', '/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    const token = login.body.accessToken as string;
    const statuses = async () =>
      Promise.all(
        Array.from({ length: WORKERS * 5 }, () => freshConnectionStatus(port, '/v1/admin/users', token)),
      );

    // Authenticated everywhere, only not an admin.
    expect(new Set(await statuses())).toEqual(new Set([403]));
    const patched = await admin.call('PATCH', `/v1/admin/users/${user.id}`, { body: { disabled: true } });
    expect(patched.status).toBe(200);
    await eventually(
      async () => ((await statuses()).every((status) => status === 401) ? true : undefined),
      'every worker refusing the token',
    );
  });
});
