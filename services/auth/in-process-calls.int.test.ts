import { randomUUID } from 'node:crypto';
import { ConnectError } from '@connectrpc/connect';
import { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import { createAuthHandlers } from './handlers';
import { PasswordHasher } from './passwords';
import { SigningKeys } from './signing-keys';
import { loadConfig } from '../internal/config';
import { createDatabase, type Database } from '../internal/db';
import { createLogger } from '../internal/logger';
import { freePort } from '../internal/testing/free-port';
import { requireTestEnv } from '../internal/testing/require-env';
import { createServiceClient } from '../internal/grpc/client';
import { fromConnectError } from '../internal/grpc/errors';
import { LocalServices } from '../internal/grpc/local-services';
import { GrpcServer } from '../internal/grpc/server';
import { testRedis } from './testing/command-deps';
import { otpTestDeps } from './testing/otp-deps';

// The real auth handlers against the real Postgres, registered once and
// reached both ways the platform reaches them: in-process (what the gateway
// does under --target=all) and over gRPC (a gateway in its own Pod).

async function failureOf(call: Promise<unknown>) {
  const error: unknown = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ConnectError)) throw new Error(`expected a ConnectError, got ${String(error)}`);
  const app = fromConnectError(error);
  return { grpcCode: error.code, code: app.code, detail: app.detail, fields: app.fields };
}

describe('the auth service in-process and over gRPC', () => {
  const otp = otpTestDeps();
  const { DATABASE_URL } = requireTestEnv(['DATABASE_URL']);
  const logger = createLogger({ level: 'silent' });
  let db: Database;
  let server: GrpcServer;
  let local: LocalServices;
  let baseUrl: string;

  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL, BCRYPT_COST: '4' }, ['database', 'tokens']);
    db = createDatabase(config.get('database'));
    const tokens = config.get('tokens');
    local = new LocalServices(logger);
    local.register(
      AuthService,
      createAuthHandlers(
        {
          db,
          tokens,
          keys: new SigningKeys(db),
          passwords: new PasswordHasher(tokens.bcryptCost),
          redis: testRedis(),
        },
        otp,
      ),
    );
    const port = await freePort();
    server = new GrpcServer({ host: '127.0.0.1', port, logger, local });
    await server.start();
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await server?.stop();
    await db?.destroy();
    await otp.close();
  });

  const inProcess = () => createServiceClient(AuthService, baseUrl, local);
  const overGrpc = () => createServiceClient(AuthService, baseUrl);

  it('returns the same user and the same key set either way', async () => {
    const email = `local-${randomUUID()}@example.com`;
    const { session } = await overGrpc().signUp({ email, password: 'correct horse', displayName: 'Ada' });
    const userId = session!.user!.id;
    const [near, far] = await Promise.all([inProcess().getUser({ userId }), overGrpc().getUser({ userId })]);
    expect(near).toEqual(far);
    expect(near.user).toMatchObject({ id: userId, email, displayName: 'Ada' });
    expect((await inProcess().getJwks({})).jwksJson).toBe((await overGrpc().getJwks({})).jwksJson);
  });

  it.each([
    [
      'an unknown user',
      () => ({ call: 'getUser' as const, request: { userId: randomUUID() } }),
      { code: 'user_not_found', detail: 'user not found' },
    ],
    [
      'a wrong password',
      () => ({
        call: 'logIn' as const,
        request: { email: `nobody-${randomUUID()}@example.com`, password: 'wrong password' },
      }),
      { code: 'invalid_credentials', detail: 'invalid email or password' },
    ],
    // Postgres rejects the cast: an unexpected error, logged by the service and hidden from the caller.
    [
      'a malformed user id',
      () => ({ call: 'getUser' as const, request: { userId: 'not-a-uuid' } }),
      { code: 'internal', detail: 'internal error' },
    ],
  ])('fails with the same codes for %s', async (_case, make, expected) => {
    const { call, request } = make();
    const run = (client: ReturnType<typeof inProcess>) =>
      call === 'getUser' ? client.getUser(request) : client.logIn(request);
    const near = await failureOf(run(inProcess()));
    const far = await failureOf(run(overGrpc()));
    expect(near).toEqual(far);
    expect(near).toMatchObject({ ...expected, fields: [] });
  });
});
