import { ConnectError } from '@connectrpc/connect';
import type { Middleware } from 'koa';
import { AppError, type ErrorCode } from '../../internal/errors';
import { fromConnectError } from '../../internal/grpc/errors';
import type { Logger } from '../../internal/logger';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../problem';
import type { RouteDefinition } from '../route';
import { routeErrorCodes } from '../route-errors';

// Koa's own HTTP errors (bad JSON, body too large, wrong method) get the
// same problem+json shape as ours.
const HTTP_STATUS_CODES: Record<number, [ErrorCode, string]> = {
  400: ['invalid_argument', 'the request body is not valid JSON'],
  404: ['not_found', 'no such route'],
  405: ['not_found', 'this route does not accept that method'],
  413: ['body_too_large', 'the request body is too large (at most 1 MiB)'],
  415: ['unsupported_media_type', 'send the body as application/json'],
  501: ['not_found', 'this route does not accept that method'],
};

export function errorMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError('not_found', 'no such route');
    } catch (caught) {
      const error = asAppError(caught);
      if (error.kind === 'internal')
        logger.error({ err: caught, requestId: ctx.state.requestId as string }, 'request failed');
      warnIfUndeclared(ctx.state.route as RouteDefinition | undefined, error, logger);
      ctx.status = error.status;
      ctx.type = PROBLEM_CONTENT_TYPE;
      ctx.body = toProblem(error, ctx.state.requestId as string);
      // Every 401 names its scheme (RFC 9110), wrong credentials included.
      if (error.kind === 'unauthenticated') ctx.set('WWW-Authenticate', 'Bearer');
    }
  };
}

// /openapi.json promises each operation's codes; an answer outside them means
// a route definition is missing a code (or a service grew a new one).
function warnIfUndeclared(route: RouteDefinition | undefined, error: AppError, logger: Logger): void {
  if (!route || routeErrorCodes(route).includes(error.code)) return;
  logger.warn(
    { code: error.code, operationId: route.operationId },
    'answered an error code the route does not declare',
  );
}

function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  // A service's error, carried over gRPC with its stable code.
  if (error instanceof ConnectError) return fromConnectError(error);
  const status = (error as { status?: number; expose?: boolean }).status;
  const known = status === undefined ? undefined : HTTP_STATUS_CODES[status];
  if (known) return new AppError(known[0], known[1]);
  return new AppError(
    'internal',
    'something went wrong on our side; the request id identifies it in our logs',
  );
}
