import type { FieldProblem } from '../../internal/errors';
import { isUserId } from '../../internal/user-id';

/** Every object of one user lives under this prefix (services/internal/object-keys.ts). */
export const userPrefix = (userId: string): string => `users/${userId.toLowerCase()}/`;

export function userIdProblem(userId: string, field = 'user_id'): FieldProblem | undefined {
  return isUserId(userId) ? undefined : { field, message: 'must be a UUID' };
}
