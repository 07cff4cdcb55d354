import { Code, ConnectError } from '@connectrpc/connect';
import { ERROR_CODE_CATALOGS, httpStatusOf, type ErrorCode } from '../internal/error-codes';
import { AppError } from '../internal/errors';
import { expectProblem, expectServiceError } from './testing/expect-problem';
import { createTestGateway } from './testing/test-gateway';

const fileId = '6e1f3b5d-7a9c-4e2b-8d4f-0a1b2c3d4e5f';

// Every code a service can answer with, from the code tables themselves, so
// a code added to a service is covered without touching this test.
const { gateway: _gatewayOnly, ...serviceCatalogs } = ERROR_CODE_CATALOGS;
const serviceCodes = Object.entries(serviceCatalogs).flatMap(([owner, catalog]) =>
  Object.keys(catalog).map((code) => [owner, code as ErrorCode] as const),
);

async function gatewayWhereGetFileFails(error: unknown) {
  const gateway = await createTestGateway({
    files: {
      getFile: () => {
        throw error;
      },
    },
  });
  return gateway.request('GET', `/v1/files/${fileId}`, { token: await gateway.tokenFor(fileId) });
}

describe('a service error on its way to the client', () => {
  it('covers every service’s code table', () => {
    expect(new Set(serviceCodes.map(([owner]) => owner))).toEqual(
      new Set(['common', 'auth', 'files', 'billing', 'storage', 'chat', 'notifications']),
    );
  });

  it.each(serviceCodes)(
    '%s code %s keeps its code, gets its status and the same problem document',
    async (_owner, code) => {
      const error = new AppError(code, `what went wrong (${code})`);
      const response = await gatewayWhereGetFileFails(error);
      expect(response.status).toBe(httpStatusOf(code));
      expectServiceError(response, error);
    },
  );

  it('keeps the field problems a service names', async () => {
    const error = new AppError('invalid_cursor', 'the cursor is invalid', [
      { field: 'query.cursor', message: 'invalid cursor' },
    ]);
    expectServiceError(await gatewayWhereGetFileFails(error), error);
  });

  it('answers a code this gateway does not know with the generic code of its gRPC status', async () => {
    const fromNewerService = new ConnectError('a newer rule', Code.FailedPrecondition, {
      'streamhub-error-code': 'rule_from_the_future',
    });
    expectProblem(await gatewayWhereGetFileFails(fromNewerService), { status: 409, code: 'conflict' });
  });

  it('hides a failure that is not an AppError behind 500 internal', async () => {
    const response = await gatewayWhereGetFileFails(new Error('password=hunter2 leaked in a stack'));
    expectProblem(response, { status: 500, code: 'internal' });
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
  });
});
