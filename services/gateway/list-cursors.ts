import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { AppError } from '../internal/errors';

/**
 * Every list's cursor leaves the gateway sealed: the service's own cursor
 * (which carries a sort value and an id that reach SQL) wrapped with an
 * HMAC-SHA256 over it and the operation it came from. A cursor the gateway
 * did not hand out, or one changed by a single bit, is a 400 before any
 * service or query sees it; a service never receives a client's bytes as a
 * cursor, only its own.
 */
export interface ListCursors {
  seal(operationId: string, serviceCursor: string): string;
  /** The service's cursor, or a 400 invalid_cursor. */
  open(operationId: string, cursor: string): string;
}

const SEPARATOR = '.';

export function createListCursors(key: Buffer): ListCursors {
  const mac = (operationId: string, payload: string) =>
    createHmac('sha256', key).update(`${operationId}\n${payload}`).digest();
  return {
    seal(operationId, serviceCursor) {
      const payload = Buffer.from(serviceCursor, 'utf8').toString('base64url');
      return `${payload}${SEPARATOR}${mac(operationId, payload).toString('base64url')}`;
    },
    open(operationId, cursor) {
      const [payload, signature, ...rest] = cursor.split(SEPARATOR);
      if (payload && signature && rest.length === 0) {
        const given = Buffer.from(signature, 'base64url');
        const expected = mac(operationId, payload);
        if (given.length === expected.length && timingSafeEqual(given, expected))
          return Buffer.from(payload, 'base64url').toString('utf8');
      }
      throw new AppError(
        'invalid_cursor',
        'the cursor is not one this list handed out; list again without it',
      );
    },
  };
}

/** What the cursors need of a route: its id, which keeps one list's cursor out of another. */
interface ListRoute {
  operationId: string;
}

/**
 * Lists follow one convention (docs/api.md, Pagination): `cursor` in the
 * query, `nextCursor` in the answer. The router applies it to every route, so
 * no list (nor a new one) can hand out or take an unsealed cursor.
 */
export function openListCursor(route: ListRoute, query: unknown, cursors: ListCursors): unknown {
  if (!isObject(query) || typeof query.cursor !== 'string') return query;
  return { ...query, cursor: cursors.open(route.operationId, query.cursor) };
}

export function sealNextCursor(route: ListRoute, ctx: Context, cursors: ListCursors): void {
  const body: unknown = ctx.body;
  if (isObject(body) && typeof body.nextCursor === 'string' && body.nextCursor !== '')
    ctx.body = { ...body, nextCursor: cursors.seal(route.operationId, body.nextCursor) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}
