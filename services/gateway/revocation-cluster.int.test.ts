import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import knex from 'knex';
import { signUpAdmin, signUpUser } from '../internal/testing/api-users';
import { eventually } from '../internal/testing/eventually';
import { freePort } from '../internal/testing/free-port';
import { requireTestEnv } from '../internal/testing/require-env';
import { ISOLATION_ENV, SERVER_ENV } from '../internal/testing/test-platform';

// STREAMHUB_MAIN_JS: a private build, as for the worker-process tests.
const MAIN = process.env.STREAMHUB_MAIN_JS ?? path.resolve(__dirname, '../../dist/services/main.js');
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
  let child: ChildProcess | undefined;
  let output = '';
  let port: number;
  const db = knex({ client: 'pg', connection: env.DATABASE_URL });

  beforeAll(async () => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which builds first`);
    port = await freePort();
    child = spawn(process.execPath, [MAIN, '--target=gateway,auth,admin'], {
      env: {
        ...process.env,
        ...env,
        CLUSTER_WORKERS: String(WORKERS),
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
        HTTP_TRUST_PROXY: 'true',
        GRPC_PORT: String(await freePort()),
        // Its own metrics port: 9464 may be taken by `npm start` beside the tests.
        METRICS_PORT: String(await freePort()),
        BCRYPT_COST: '4',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`main.js exited early:\n${output}`);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`main.js was not ready in 30 s:\n${output}`);
      await sleep(100);
    }
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await db.destroy();
  });

  it('refuses a disabled user’s token in every worker', async () => {
    const baseUrl = `http://127.0.0.1:${port}`;
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
