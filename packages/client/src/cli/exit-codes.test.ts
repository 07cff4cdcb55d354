import { ProblemError, UnexpectedResponseError, type Problem } from '../errors';
import { EXIT, exitCodeOf, messageOf, NotLoggedInError, UsageError } from './exit-codes';

const problem = (status: number, code: string, extra: Partial<Problem> = {}) =>
  new ProblemError({
    type: 'about:blank',
    title: 'title',
    status,
    code: code as Problem['code'],
    detail: `detail of ${code}`,
    ...extra,
  });

describe('exitCodeOf', () => {
  it.each([
    ['a usage error', new UsageError('--sort must be one of name'), EXIT.usage, 2],
    ['no stored login', new NotLoggedInError(), EXIT.unauthenticated, 3],
    ['a 401 problem', problem(401, 'unauthenticated'), EXIT.unauthenticated, 3],
    ['a 404 problem', problem(404, 'file_not_found'), EXIT.notFound, 4],
    ['a 403 problem', problem(403, 'forbidden'), EXIT.refused, 5],
    ['a 409 problem', problem(409, 'name_conflict'), EXIT.refused, 5],
    ['a 413 problem', problem(413, 'quota_exceeded'), EXIT.refused, 5],
    ['a 503 problem', problem(503, 'unavailable'), EXIT.unavailable, 6],
    ['a proxy’s 502 page', new UnexpectedResponseError(502, '<html>', 'the gateway'), EXIT.unavailable, 6],
    ['a refused connection', new TypeError('fetch failed'), EXIT.unavailable, 6],
    ['a 400 problem', problem(400, 'validation_failed'), EXIT.failure, 1],
    ['anything else', new Error('disk full'), EXIT.failure, 1],
    // A programming error is not the server being down.
    ['another TypeError', new TypeError('x is not a function'), EXIT.failure, 1],
  ])('%s exits %i', (_what, error, code, number) => {
    expect(exitCodeOf(error)).toBe(code);
    expect(code).toBe(number);
  });

  it('an interrupt (an aborted transfer) exits 130 like a shell’s Ctrl-C', () => {
    const aborted = new Error('This operation was aborted');
    aborted.name = 'AbortError';
    expect(exitCodeOf(aborted)).toBe(130);
  });
});

describe('messageOf', () => {
  it('shows the problem’s stable code and detail, with each field error', () => {
    const error = problem(400, 'validation_failed', {
      errors: [{ field: 'name', message: 'must not be empty' }],
    });
    expect(messageOf(error)).toBe(
      'error: validation_failed: detail of validation_failed\n  name: must not be empty',
    );
  });

  it('says the server cannot be reached, with the system’s reason', () => {
    const error = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    expect(messageOf(error)).toBe('error: cannot reach the server (connect ECONNREFUSED 127.0.0.1:1)');
  });

  it('is the message of any other error', () => {
    expect(messageOf(new Error('disk full'))).toBe('error: disk full');
  });
});
