import { Code, ConnectError } from '@connectrpc/connect';
import { AppError } from '../internal/errors';
import { isUserId } from '../internal/user-id';
import type { ChatDeps } from './deps';
import { CHAT_ERRORS } from './errors';

// A group of 1,000 is asked about in waves, not 1,000 calls at once.
const CONCURRENT_LOOKUPS = 20;

/** Refuses, with one answer for all, unless every id is an existing account. */
export async function requireAccounts(
  deps: Pick<ChatDeps, 'auth'>,
  userIds: readonly string[],
): Promise<void> {
  if (!userIds.every(isUserId)) throw CHAT_ERRORS.unknownMembers();
  for (let start = 0; start < userIds.length; start += CONCURRENT_LOOKUPS) {
    await Promise.all(
      userIds.slice(start, start + CONCURRENT_LOOKUPS).map(async (userId) => {
        try {
          await deps.auth.getUser({ userId });
        } catch (error) {
          if (isNotFound(error)) throw CHAT_ERRORS.unknownMembers();
          throw error;
        }
      }),
    );
  }
}

/** A NOT_FOUND answer, over gRPC (ConnectError) or from an in-process call (AppError). */
export function isNotFound(error: unknown): boolean {
  if (error instanceof AppError) return error.kind === 'not_found';
  return error instanceof ConnectError && error.code === Code.NotFound;
}
