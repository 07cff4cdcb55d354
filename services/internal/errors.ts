import { Code } from '@connectrpc/connect';

// The stable error codes clients see (API.md). Each knows its HTTP status and
// the gRPC status it travels as between services, so one Koa middleware and
// one gRPC interceptor render every error the same way.
export const ERROR_KINDS = {
  invalid_argument: { status: 400, grpc: Code.InvalidArgument, title: 'Invalid request' },
  unauthenticated: { status: 401, grpc: Code.Unauthenticated, title: 'Authentication required' },
  forbidden: { status: 403, grpc: Code.PermissionDenied, title: 'Forbidden' },
  quota_exceeded: { status: 403, grpc: Code.ResourceExhausted, title: 'Storage quota exceeded' },
  not_found: { status: 404, grpc: Code.NotFound, title: 'Not found' },
  conflict: { status: 409, grpc: Code.AlreadyExists, title: 'Conflict' },
  payload_too_large: { status: 413, grpc: Code.OutOfRange, title: 'Payload too large' },
  unsupported_media_type: { status: 415, grpc: Code.InvalidArgument, title: 'Unsupported media type' },
  rate_limited: { status: 429, grpc: Code.ResourceExhausted, title: 'Too many requests' },
  internal: { status: 500, grpc: Code.Internal, title: 'Internal error' },
  unavailable: { status: 503, grpc: Code.Unavailable, title: 'Service unavailable' },
} as const;

export type ErrorCode = keyof typeof ERROR_KINDS;

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

  get status(): number {
    return ERROR_KINDS[this.code].status;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_KINDS, value);
}

/** The gRPC status most likely meant when a peer sent no StreamHub code. */
export function errorCodeForGrpc(grpc: Code): ErrorCode {
  if (grpc === Code.Unavailable || grpc === Code.DeadlineExceeded) return 'unavailable';
  const match = Object.entries(ERROR_KINDS).find(([, kind]) => kind.grpc === grpc);
  return match ? (match[0] as ErrorCode) : 'internal';
}
