import type { AppError } from '../../internal/errors';
import { PROBLEM_CONTENT_TYPE, ProblemSchema, toProblem } from '../problem';
import type { InjectedResponse } from './inject';

/**
 * Asserts the answer is a complete RFC 9457 problem document: its status,
 * content type, stable code, the `type` derived from it, a title and detail
 * for people, and the request id that is also in the X-Request-Id header.
 */
export function expectProblem(
  response: InjectedResponse,
  expected: { status: number; code: string; fields?: string[] },
): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({
    status: expected.status,
    code: expected.code,
  });
  expect(response.headers['content-type']).toMatch(
    new RegExp(`^${PROBLEM_CONTENT_TYPE.replace('+', '\\+')}`),
  );
  const problem = ProblemSchema.parse(response.body);
  expect(problem).toMatchObject({
    type: `urn:streamhub:problem:${expected.code}`,
    status: expected.status,
    code: expected.code,
    requestId: response.headers['x-request-id'],
  });
  expect(problem.title).not.toBe('');
  expect(problem.detail).not.toBe('');
  if (expected.fields) {
    expect((problem.errors ?? []).map((error) => error.field).sort()).toEqual([...expected.fields].sort());
  } else {
    expect(problem.errors).toBeUndefined();
  }
}

/** Asserts a service's error reached the client unchanged: same code, status, title, detail and fields. */
export function expectServiceError(response: InjectedResponse, error: AppError): void {
  expectProblem(response, {
    status: error.status,
    code: error.code,
    ...(error.fields.length > 0 ? { fields: error.fields.map((field) => field.field) } : {}),
  });
  expect(response.body).toEqual(toProblem(error, response.headers['x-request-id']!));
}
