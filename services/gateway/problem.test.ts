import type { ErrorCode } from '../internal/error-codes';
import { expectProblem } from './testing/expect-problem';
import { createTestGateway } from './testing/test-gateway';

// Errors that never reach a route handler get the same problem document.
describe('problem documents from the gateway itself', () => {
  it('answers an unknown route with 404 not_found', async () => {
    const gateway = await createTestGateway();
    expectProblem(await gateway.request('GET', '/v1/nothing-here'), { status: 404, code: 'not_found' });
  });

  it('answers a known path with a method it does not accept with 404 not_found', async () => {
    const gateway = await createTestGateway();
    expectProblem(await gateway.request('PUT', '/v1/plans'), { status: 404, code: 'not_found' });
  });

  it('answers a body over 1 MiB with 413 body_too_large', async () => {
    const gateway = await createTestGateway();
    const response = await gateway.request('POST', '/v1/auth/login', {
      rawBody: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(1024 * 1024) }),
    });
    const code: ErrorCode = 'body_too_large';
    expectProblem(response, { status: 413, code });
  });

  it('keeps a sane incoming X-Request-Id and puts it in the problem document', async () => {
    const gateway = await createTestGateway();
    const response = await gateway.request('GET', '/v1/me', { headers: { 'x-request-id': 'client-req.42' } });
    expect(response.headers['x-request-id']).toBe('client-req.42');
    expect(response.body.requestId).toBe('client-req.42');
  });

  it('replaces an X-Request-Id that could forge log lines with its own', async () => {
    const gateway = await createTestGateway();
    const response = await gateway.request('GET', '/v1/me', { headers: { 'x-request-id': 'a b\u0000"c' } });
    expect(response.headers['x-request-id']).not.toBe('a b\u0000"c');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
  });
});
