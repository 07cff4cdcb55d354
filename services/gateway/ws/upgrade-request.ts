import type { IncomingMessage } from 'node:http';

export const WS_PATH = '/v1/ws';
export const SUBPROTOCOL = 'streamhub.v1';
const BEARER_PREFIX = 'bearer.';

// Query parameters a token would travel in, and the shape of a JWT.
const TOKEN_PARAM = /token|auth|bearer|jwt|key|secret|session/i;
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

export interface UpgradeRequest {
  /** Only the path: the query string may hold a token and is never logged. */
  path: string;
  tokenInUrl: boolean;
  /** From the `bearer.<token>` subprotocol, if offered. */
  subprotocolToken?: string;
}

/** Reads what the gateway needs from an upgrade request. */
export function readUpgradeRequest(request: IncomingMessage): UpgradeRequest {
  const url = new URL(request.url ?? '/', 'http://gateway.invalid');
  let tokenInUrl = false;
  for (const [name, value] of url.searchParams)
    if (TOKEN_PARAM.test(name) || JWT_SHAPE.test(value)) tokenInUrl = true;
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((item) => item.trim());
  const bearer = offered.find((protocol) => protocol.startsWith(BEARER_PREFIX));
  return {
    path: url.pathname,
    tokenInUrl,
    subprotocolToken: bearer ? bearer.slice(BEARER_PREFIX.length) || undefined : undefined,
  };
}

/** The subprotocol the server answers: never the bearer one, which would echo the token. */
export function chooseSubprotocol(offered: Set<string>): string | false {
  return offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false;
}
