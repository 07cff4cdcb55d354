import { ProblemError, UnexpectedResponseError } from '../errors.js';

/**
 * What `streamhub` exits with. 0 and 1 as every program; 2 for a command line
 * that cannot be run (commander's own usage errors exit 1, see main.ts); the
 * rest so scripts can tell the common failures apart without reading text.
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** Not logged in, or the login ended (run `streamhub login`). */
  unauthenticated: 3,
  /** The file, folder, share or link does not exist (or is not yours to see). */
  notFound: 4,
  /** Refused: not allowed (403), a conflict (409) or over quota. */
  refused: 5,
  /** The server could not be reached or answered 5xx. */
  unavailable: 6,
  /** Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

export class UsageError extends Error {}

export class NotLoggedInError extends Error {
  constructor() {
    super('not logged in: run `streamhub login` first');
  }
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof NotLoggedInError) return EXIT.unauthenticated;
  if (error instanceof Error && error.name === 'AbortError') return EXIT.interrupted;
  const status =
    error instanceof ProblemError || error instanceof UnexpectedResponseError ? error.status : undefined;
  if (status === 401) return EXIT.unauthenticated;
  if (status === 404) return EXIT.notFound;
  if (status === 403 || status === 409 || status === 413) return EXIT.refused;
  // Node's fetch rejects with TypeError('fetch failed') when no connection could be made.
  if (isConnectionFailure(error)) return EXIT.unavailable;
  if (status !== undefined && status >= 500) return EXIT.unavailable;
  return EXIT.failure;
}

/** The line a person reads: the problem's stable code and detail when there is one. */
export function messageOf(error: unknown): string {
  if (error instanceof ProblemError) {
    const fields = (error.problem.errors ?? [])
      .map((field) => `\n  ${field.field}: ${field.message}`)
      .join('');
    return `error: ${error.code}: ${error.detail}${fields}`;
  }
  if (isConnectionFailure(error) && error.cause instanceof Error)
    return `error: cannot reach the server (${error.cause.message})`;
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

function isConnectionFailure(error: unknown): error is TypeError {
  return error instanceof TypeError && error.message === 'fetch failed';
}
