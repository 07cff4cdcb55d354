import { CHAT_ERRORS } from './errors';

export const MAX_BODY_CHARACTERS = 4000;
export const MAX_ATTACHMENTS = 10;

// Bidirectional embedding, override and isolate controls (U+202A-U+202E,
// U+2066-U+2069): they can make a message display differently from what it
// says (a reversed link or file name), so they are refused, not stripped.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;
const MENTION = /@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/giu;

/** 1-4000 characters (code points, so an emoji counts once), not only blanks, no bidi controls. */
export function checkBody(body: string): void {
  const characters = [...body].length;
  if (body.trim().length === 0 || characters > MAX_BODY_CHARACTERS)
    throw CHAT_ERRORS.invalid('body.body', `must be 1-${MAX_BODY_CHARACTERS} characters and not only blanks`);
  if (BIDI_CONTROLS.test(body))
    throw CHAT_ERRORS.invalid('body.body', 'must not contain bidirectional control characters');
}

/** The members named by `@<userId>` tokens in the body, once each, the sender excluded. */
export function parseMentions(body: string, memberIds: readonly string[], senderId: string): string[] {
  const members = new Set(memberIds);
  const mentioned = new Set<string>();
  for (const match of body.matchAll(MENTION)) {
    const userId = match[1]!.toLowerCase();
    if (members.has(userId) && userId !== senderId) mentioned.add(userId);
  }
  return [...mentioned];
}
