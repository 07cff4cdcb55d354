import { COMMON_PASSWORDS } from './common-passwords';

// The length rules (8 characters, 72 bytes: bcrypt reads no further) are in
// the request schemas; this is the floor on what the characters may be.
export const PASSWORD_MIN_CHARACTERS = 8;
export const PASSWORD_MAX_BYTES = 72;

/**
 * Why a new password is too weak to set, or undefined when it is good enough:
 * only whitespace, at most two different characters, one run up or down the
 * alphabet or the digits ("abcdefgh", "87654321"), or a common password
 * (compared lower-cased, and again without its trailing digits and symbols,
 * so "Password1!" counts as "password").
 */
export function passwordWeakness(password: string): string | undefined {
  if (password.trim() === '') return 'must not be only whitespace';
  if (new Set(password).size <= 2) return 'must have more than two different characters';
  if (isSequence(password.toLowerCase())) return 'must not be a run of consecutive letters or digits';
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(stem))
    return 'is too common; choose a longer phrase of unrelated words';
  return undefined;
}

function isSequence(value: string): boolean {
  const steps = new Set<number>();
  for (let index = 1; index < value.length; index += 1)
    steps.add(value.charCodeAt(index) - value.charCodeAt(index - 1));
  return steps.size === 1 && [1, -1].includes([...steps][0]!);
}
