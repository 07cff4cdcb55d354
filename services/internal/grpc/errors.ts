import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { genericCodeForGrpc, grpcStatusOf } from '../error-codes';
import { AppError, isErrorCode, type FieldProblem } from '../errors';
import type { Logger } from '../logger';

// AppErrors cross the gRPC boundary as a status plus two trailers, so the
// gateway can answer with the same stable code the service chose.
const CODE_HEADER = 'streamhub-error-code';
const FIELDS_HEADER = 'streamhub-error-fields';

export function toConnectError(error: unknown, logger: Logger): ConnectError {
  if (error instanceof AppError) {
    const metadata = new Headers({ [CODE_HEADER]: error.code });
    if (error.fields.length > 0) metadata.set(FIELDS_HEADER, JSON.stringify(error.fields));
    return new ConnectError(error.detail, grpcStatusOf(error.code), metadata);
  }
  // A peer's error passing through (files relaying storage): its trailers already carry the code.
  if (error instanceof ConnectError) return error;
  logger.error({ err: error }, 'unhandled error in gRPC handler');
  return new ConnectError('internal error', Code.Internal);
}

export function fromConnectError(error: ConnectError): AppError {
  const code = error.metadata.get(CODE_HEADER);
  const fields = error.metadata.get(FIELDS_HEADER);
  if (isErrorCode(code)) return new AppError(code, error.rawMessage, parseFields(fields));
  const fallback = genericCodeForGrpc(error.code);
  // A StreamHub peer only puts client-safe text next to a code, even one this
  // process does not know yet; a foreign error's message stays hidden.
  const detail = code
    ? `${error.rawMessage} (${code})`
    : fallback === 'unavailable'
      ? 'a backing service is unavailable, try again'
      : 'internal error';
  return new AppError(fallback, detail, code ? parseFields(fields) : []);
}

function parseFields(fields: string | null): FieldProblem[] {
  if (!fields) return [];
  try {
    const parsed = JSON.parse(fields) as unknown;
    return Array.isArray(parsed) ? (parsed as FieldProblem[]) : [];
  } catch {
    return [];
  }
}

export function serverErrorInterceptor(logger: Logger): Interceptor {
  return (next) => async (request) => {
    try {
      return await next(request);
    } catch (error) {
      throw toConnectError(error, logger);
    }
  };
}
