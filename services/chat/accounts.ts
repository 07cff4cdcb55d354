import { Code, ConnectError } from '@connectrpc/connect';
import { AppError } from '../internal/errors';
import { isUserId } from '../internal/user-id';
import type { ChatDeps } from './deps';
import { CHAT_ERRORS } from './errors';

/** Refuses, with one answer for all, unless every id is an existing account. */
export async function requireAccounts(
  deps: Pick<ChatDeps, 'auth'>,
  userIds: readonly string[],
): Promise<void> {
  if (!userIds.every(isUserId)) throw CHAT_ERRORS.unknownMembers();
  await Promise.all(
    userIds.map(async (userId) => {
      try {
        await deps.auth.getUser({ userId });
      } catch (error) {
        if (isNotFound(error)) throw CHAT_ERRORS.unknownMembers();
        throw error;
      }
    }),
  );
}

/** A NOT_FOUND answer, over gRPC (ConnectError) or from an in-process call (AppError). */
export function isNotFound(error: unknown): boolean {
  if (error instanceof AppError) return error.kind === 'not_found';
  return error instanceof ConnectError && error.code === Code.NotFound;
}
