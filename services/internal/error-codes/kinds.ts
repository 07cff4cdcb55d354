import { Code } from '@connectrpc/connect';

/**
 * What kind of failure a code is. The kind alone decides the HTTP status a
 * client sees and the gRPC status the error travels as between services;
 * the code says which failure it is. Two kinds share RESOURCE_EXHAUSTED and
 * two share HTTP 409: the `streamhub-error-code` trailer keeps them apart.
 */
export const ERROR_KINDS = {
  invalid_argument: { status: 400, grpc: Code.InvalidArgument },
  unauthenticated: { status: 401, grpc: Code.Unauthenticated },
  permission_denied: { status: 403, grpc: Code.PermissionDenied },
  quota_exhausted: { status: 403, grpc: Code.ResourceExhausted },
  not_found: { status: 404, grpc: Code.NotFound },
  already_exists: { status: 409, grpc: Code.AlreadyExists },
  failed_precondition: { status: 409, grpc: Code.FailedPrecondition },
  too_large: { status: 413, grpc: Code.OutOfRange },
  unsupported_media_type: { status: 415, grpc: Code.InvalidArgument },
  upgrade_required: { status: 426, grpc: Code.FailedPrecondition },
  rate_limited: { status: 429, grpc: Code.ResourceExhausted },
  headers_too_large: { status: 431, grpc: Code.InvalidArgument },
  internal: { status: 500, grpc: Code.Internal },
  unavailable: { status: 503, grpc: Code.Unavailable },
} as const;

export type ErrorKind = keyof typeof ERROR_KINDS;

export interface ErrorCodeSpec {
  kind: ErrorKind;
  /** The problem document's `title`: short, the same for every occurrence. */
  title: string;
  /** True when the very same request may succeed later (after a wait), so a client may retry it. */
  retry: boolean;
}

/** One service's codes; the registry (index.ts) merges them and rejects a code defined twice. */
export type ErrorCodeCatalog = Record<string, ErrorCodeSpec>;

export function defineErrorCodes<const C extends ErrorCodeCatalog>(catalog: C): C {
  return catalog;
}
