import { Code, ConnectError, type ServiceImpl } from '@connectrpc/connect';
import { AuthService } from '../../../proto/gen/auth/v1/auth_pb.js';
import { AppError } from '../errors';
import { createLogger } from '../logger';
import { freePort } from '../testing/free-port';
import { createServiceClient, createHealthChecker } from './client';
import { fromConnectError } from './errors';
import { LocalServices } from './local-services';
import { GrpcServer } from './server';

// One implementation, reached two ways: in-process through LocalServices'
// router transport, and over a real HTTP/2 gRPC server on a free port. What
// the caller sees (results, the gRPC code, the StreamHub code, the detail and
// the field problems) must not depend on the way.

const logger = createLogger({ level: 'silent' });

const calls: string[] = [];
const implementation: Partial<ServiceImpl<typeof AuthService>> = {
  getJwks() {
    calls.push('getJwks');
    return { jwksJson: '{"keys":[]}' };
  },
  getUser(request) {
    calls.push('getUser');
    if (request.userId === 'missing') throw new AppError('user_not_found', 'user not found');
    if (request.userId === 'bad')
      throw new AppError('invalid_argument', 'the request is invalid', [
        { field: 'userId', message: 'must be a UUID' },
      ]);
    if (request.userId === 'crash') throw new Error('a bug with a secret in its message');
    if (request.userId === 'slow') return new Promise((resolve) => setTimeout(() => resolve({}), 300));
    return {
      user: { id: request.userId, email: 'ada@example.com', displayName: 'Ada', role: 'user' },
    };
  },
};

/** What a caller can observe of a failed call. */
async function failureOf(call: Promise<unknown>) {
  const error: unknown = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ConnectError)) throw new Error(`expected a ConnectError, got ${String(error)}`);
  const app = fromConnectError(error);
  return { grpcCode: error.code, code: app.code, detail: app.detail, fields: app.fields };
}

describe('calls to a service in the same process and over the network', () => {
  let server: GrpcServer;
  let baseUrl: string;
  let local: LocalServices;

  beforeAll(async () => {
    local = new LocalServices(logger);
    local.register(AuthService, implementation);
    const port = await freePort();
    server = new GrpcServer({ host: '127.0.0.1', port, logger, local });
    await server.start();
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const inProcess = () => createServiceClient(AuthService, baseUrl, local);
  const overNetwork = () => createServiceClient(AuthService, baseUrl);

  it('answer with identical results', async () => {
    const [near, far] = [inProcess(), overNetwork()];
    expect(await near.getUser({ userId: 'u-1' })).toEqual(await far.getUser({ userId: 'u-1' }));
    expect((await near.getJwks({})).jwksJson).toBe('{"keys":[]}');
  });

  it.each([
    ['an AppError', 'missing', { code: 'user_not_found', detail: 'user not found', fields: [] }],
    [
      'an AppError with field problems',
      'bad',
      {
        code: 'invalid_argument',
        detail: 'the request is invalid',
        fields: [{ field: 'userId', message: 'must be a UUID' }],
      },
    ],
    // An unexpected error is logged by the server side and never shown.
    ['an unexpected error', 'crash', { code: 'internal', detail: 'internal error', fields: [] }],
  ])('fail identically on %s', async (_case, userId, expected) => {
    const near = await failureOf(inProcess().getUser({ userId }));
    const far = await failureOf(overNetwork().getUser({ userId }));
    expect(near).toEqual(far);
    expect(near).toMatchObject(expected);
  });

  it('answer UNIMPLEMENTED identically for a method the implementation leaves out', async () => {
    const near = await inProcess()
      .logIn({ email: 'a@example.com', password: 'x' })
      .catch((e: unknown) => e);
    const far = await overNetwork()
      .logIn({ email: 'a@example.com', password: 'x' })
      .catch((e: unknown) => e);
    expect(near).toBeInstanceOf(ConnectError);
    expect((near as ConnectError).code).toBe(Code.Unimplemented);
    expect((far as ConnectError).code).toBe(Code.Unimplemented);
  });

  it('fail with DEADLINE_EXCEEDED identically when the handler outlives the call’s timeout', async () => {
    const near = await inProcess()
      .getUser({ userId: 'slow' }, { timeoutMs: 50 })
      .catch((e: unknown) => e);
    const far = await overNetwork()
      .getUser({ userId: 'slow' }, { timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect((near as ConnectError).code).toBe(Code.DeadlineExceeded);
    expect((far as ConnectError).code).toBe(Code.DeadlineExceeded);
  });

  it('goes in-process without the gRPC server: it answers while nothing listens', async () => {
    const alone = new LocalServices(logger);
    alone.register(AuthService, implementation);
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    const before = calls.length;
    expect((await createServiceClient(AuthService, unreachable, alone).getJwks({})).jwksJson).toBe(
      '{"keys":[]}',
    );
    expect(calls.slice(before)).toEqual(['getJwks']);
    // The same address without the local registry is a real network call, and fails.
    await expect(createServiceClient(AuthService, unreachable).getJwks({})).rejects.toThrow(/ECONNREFUSED/);
  });

  it('calls over the network a service this process does not implement', async () => {
    const withoutAuth = new LocalServices(logger);
    const before = calls.length;
    await createServiceClient(AuthService, baseUrl, withoutAuth).getJwks({});
    expect(calls.slice(before)).toEqual(['getJwks']);
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    await expect(createServiceClient(AuthService, unreachable, withoutAuth).getJwks({})).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it('picks up a service registered after the client was made (modules start in any order)', async () => {
    const later = new LocalServices(logger);
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    const client = createServiceClient(AuthService, unreachable, later);
    later.register(AuthService, implementation);
    expect((await client.getJwks({})).jwksJson).toBe('{"keys":[]}');
  });

  it('reports a local service as serving without asking the network', async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    expect(await createHealthChecker(unreachable, local)(AuthService)).toBe(true);
    expect(await createHealthChecker(unreachable)(AuthService, 500)).toBe(false);
  });

  it('refuses a service registered twice', () => {
    expect(() => local.register(AuthService, implementation)).toThrow(/registered twice/);
  });
});
