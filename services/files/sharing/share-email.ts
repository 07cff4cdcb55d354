import { SHARE_ERRORS } from './share-errors';

// Deliberately loose (one @, a dot in the domain, no spaces): the address is
// proven only when its owner verifies it, never by its syntax.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The address a share is stored under: trimmed and lower-cased, as auth stores accounts' emails. */
export function shareEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw SHARE_ERRORS.invalidEmail();
  return email;
}
