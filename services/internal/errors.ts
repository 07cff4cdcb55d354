import { errorCodeSpec, httpStatusOf, type ErrorCode, type ErrorKind } from './error-codes';

// Every error a client can get has its own stable code (docs/errors.md).
// The code's kind gives the HTTP status and the gRPC status it travels as
// between services, so one Koa middleware and one gRPC interceptor render
// every error the same way.
export { isErrorCode, type CommonErrorCode, type ErrorCode } from './error-codes';

export interface FieldProblem {
  field: string;
  message: string;
}

/** An error whose code and detail are safe to show to the client. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(detail);
    this.name = 'AppError';
  }

  get kind(): ErrorKind {
    return errorCodeSpec(this.code).kind;
  }

  get status(): number {
    return httpStatusOf(this.code);
  }
}

/**
 * The error constructor of one service: it accepts only that service's own
 * codes and the common ones, so no service answers with another's code.
 */
export function errorFactory<Code extends ErrorCode>() {
  return (code: Code, detail: string, fields: FieldProblem[] = []) => new AppError(code, detail, fields);
}
