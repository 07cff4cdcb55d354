import { PasswordHasher } from '../../internal/password-hasher';

// One hasher per process (and cost): its concurrency cap only works if every
// link password goes through the same instance.
const hashers = new Map<number, PasswordHasher>();

export function linkPasswordHasher(cost: number): PasswordHasher {
  let hasher = hashers.get(cost);
  if (!hasher) {
    hasher = new PasswordHasher(cost);
    hashers.set(cost, hasher);
  }
  return hasher;
}
