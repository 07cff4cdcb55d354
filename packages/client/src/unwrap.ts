import { ProblemError, UnexpectedResponseError, type Problem } from './errors.js';

/** The data of an openapi-fetch answer, or its problem document thrown as a ProblemError. */
export function unwrap<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.error === undefined && answer.response.ok) return answer.data as T;
  const body = answer.error as Partial<Problem> | undefined;
  if (body && typeof body.code === 'string' && typeof body.status === 'number')
    throw new ProblemError(body as Problem);
  throw new UnexpectedResponseError(
    answer.response.status,
    JSON.stringify(answer.error ?? null),
    answer.response.url,
  );
}
