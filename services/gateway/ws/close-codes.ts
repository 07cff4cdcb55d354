// Every code a /v1/ws socket may be closed with (docs/messaging.md#close-codes).
// 4xxx are ours; a client reconnects after 1012 and 4002 (with a fresh
// token), and should not retry blindly after the others.
export const CLOSE = {
  /** Standard: a client frame above WS_MAX_PAYLOAD_BYTES. */
  tooBig: 1009,
  /** Standard: the gateway is shutting down; reconnect (to another one). */
  serviceRestart: 1012,
  unauthenticated: 4001,
  tokenExpired: 4002,
  sessionRevoked: 4003,
  rateLimited: 4008,
  tooSlow: 4009,
  tokenInUrl: 4400,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

export const CLOSE_REASONS: Record<CloseCode, string> = {
  1009: 'frame too big',
  1012: 'service restart, reconnect',
  4001: 'unauthenticated',
  4002: 'token expired',
  4003: 'session revoked',
  4008: 'rate limited',
  4009: 'too slow',
  4400: 'token in URL refused',
};
