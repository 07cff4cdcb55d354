import type { components } from './generated/schema.js';

export type Problem = components['schemas']['Problem'];
/** The stable machine codes the API answers with (docs/errors.md). */
export type ErrorCode = components['schemas']['ErrorCode'];

/** A problem+json answer from StreamHub, with its stable `code`. */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly title: string;
  readonly detail: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(`${problem.code}: ${problem.detail}`);
    this.name = 'ProblemError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.problem = problem;
  }
}

/** Not a problem document: a proxy's error page, a storage server's XML, a cut connection. */
export class UnexpectedResponseError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} answered ${status}: ${body.slice(0, 200)}`);
    this.name = 'UnexpectedResponseError';
  }
}

/** The error a failed answer stands for: a ProblemError when the body is a problem document. */
export async function errorFromResponse(response: Response, what: string): Promise<Error> {
  const body = await response.text();
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      const parsed = JSON.parse(body) as Partial<Problem>;
      if (typeof parsed.code === 'string' && typeof parsed.status === 'number')
        return new ProblemError(parsed as Problem);
    } catch {
      // Not JSON after all: reported as unexpected below.
    }
  }
  return new UnexpectedResponseError(response.status, body, what);
}
