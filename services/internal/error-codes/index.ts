import { Code } from '@connectrpc/connect';
import { AUTH_ERROR_CODES } from './auth';
import { BILLING_ERROR_CODES } from './billing';
import { CHAT_ERROR_CODES } from './chat';
import { COMMON_ERROR_CODES } from './common';
import { FILES_ERROR_CODES } from './files';
import { GATEWAY_ERROR_CODES } from './gateway';
import { NOTIFICATIONS_ERROR_CODES } from './notifications';
import { ERROR_KINDS, type ErrorCodeCatalog, type ErrorCodeSpec } from './kinds';
import { STORAGE_ERROR_CODES } from './storage';

export { ERROR_KINDS, type ErrorCodeSpec, type ErrorKind } from './kinds';

// The code tables live here, not in each service, because the gateway must
// know every code to render it and may not import another service's code.
// Each service builds its errors from its own table (services/<name>/errors.ts).
export const ERROR_CODE_CATALOGS = {
  common: COMMON_ERROR_CODES,
  gateway: GATEWAY_ERROR_CODES,
  auth: AUTH_ERROR_CODES,
  files: FILES_ERROR_CODES,
  billing: BILLING_ERROR_CODES,
  storage: STORAGE_ERROR_CODES,
  notifications: NOTIFICATIONS_ERROR_CODES,
  chat: CHAT_ERROR_CODES,
};

type Catalogs = typeof ERROR_CODE_CATALOGS;
type CodesOf<C> = C extends unknown ? keyof C & string : never;

/** Every stable code a client can receive. */
export type ErrorCode = CodesOf<Catalogs[keyof Catalogs]>;
/** The codes every service may use besides its own. */
export type CommonErrorCode = keyof typeof COMMON_ERROR_CODES;

/** Merges the catalogs into one table; a code defined by two catalogs is a programming error. */
export function mergeErrorCodeCatalogs(
  catalogs: Record<string, ErrorCodeCatalog>,
): Map<string, ErrorCodeSpec> {
  const merged = new Map<string, ErrorCodeSpec>();
  const owners = new Map<string, string>();
  for (const [owner, catalog] of Object.entries(catalogs)) {
    for (const [code, spec] of Object.entries(catalog)) {
      const previous = owners.get(code);
      if (previous) throw new Error(`error code ${code} is defined by both ${previous} and ${owner}`);
      owners.set(code, owner);
      merged.set(code, spec);
    }
  }
  return merged;
}

/** The one registry: code -> kind, title, retry. */
export const ERROR_CODES: ReadonlyMap<ErrorCode, ErrorCodeSpec> = mergeErrorCodeCatalogs(
  ERROR_CODE_CATALOGS,
) as Map<ErrorCode, ErrorCodeSpec>;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && ERROR_CODES.has(value as ErrorCode);
}

export function errorCodeSpec(code: ErrorCode): ErrorCodeSpec {
  return ERROR_CODES.get(code)!;
}

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_KINDS[errorCodeSpec(code).kind].status;
}

export function grpcStatusOf(code: ErrorCode): Code {
  return ERROR_KINDS[errorCodeSpec(code).kind].grpc;
}

// A peer newer than this process may send a code this registry lacks, and a
// foreign gRPC server sends none: the gRPC status then picks a generic code
// with the same HTTP status class.
const GENERIC_CODE_BY_GRPC: Partial<Record<Code, ErrorCode>> = {
  [Code.InvalidArgument]: 'invalid_argument',
  [Code.OutOfRange]: 'invalid_argument',
  [Code.Unauthenticated]: 'unauthenticated',
  [Code.PermissionDenied]: 'forbidden',
  [Code.NotFound]: 'not_found',
  [Code.AlreadyExists]: 'conflict',
  [Code.FailedPrecondition]: 'conflict',
  [Code.Aborted]: 'conflict',
  [Code.ResourceExhausted]: 'rate_limited',
  [Code.Unavailable]: 'unavailable',
  [Code.DeadlineExceeded]: 'unavailable',
};

/** The generic code for a gRPC status that came without a code this process knows. */
export function genericCodeForGrpc(grpc: Code): ErrorCode {
  return GENERIC_CODE_BY_GRPC[grpc] ?? 'internal';
}
