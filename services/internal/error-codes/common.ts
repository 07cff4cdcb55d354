import { defineErrorCodes } from './kinds';

/**
 * Codes any service or the gateway may answer with, and the codes a gateway
 * falls back to when a peer sends a code it does not know (see index.ts).
 */
export const COMMON_ERROR_CODES = defineErrorCodes({
  invalid_argument: { kind: 'invalid_argument', title: 'Invalid request', retry: false },
  unauthenticated: { kind: 'unauthenticated', title: 'Authentication required', retry: false },
  forbidden: { kind: 'permission_denied', title: 'Forbidden', retry: false },
  not_found: { kind: 'not_found', title: 'Not found', retry: false },
  // The REST contract (docs/api.md) names `conflict` for a sign-up with a taken email, so auth answers
  // that case with it; nothing else throws it.
  conflict: { kind: 'already_exists', title: 'Conflict', retry: false },
  rate_limited: { kind: 'rate_limited', title: 'Too many requests', retry: true },
  internal: { kind: 'internal', title: 'Internal error', retry: false },
  unavailable: { kind: 'unavailable', title: 'Service unavailable', retry: true },
});
