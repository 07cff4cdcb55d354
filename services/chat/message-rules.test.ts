import { AppError } from '../internal/errors';
import { checkBody, parseMentions } from './message-rules';

const refusal = (body: string) => {
  try {
    checkBody(body);
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
};

describe('message bodies', () => {
  it('takes 1-4,000 characters counted as code points', () => {
    expect(refusal('a')).toBeUndefined();
    expect(refusal('a'.repeat(4000))).toBeUndefined();
    expect(refusal('😀'.repeat(4000))).toBeUndefined();
    expect(refusal('a'.repeat(4001))).toBe('invalid_argument');
    expect(refusal('😀'.repeat(4001))).toBe('invalid_argument');
    expect(refusal('')).toBe('invalid_argument');
    expect(refusal(' \n\t ')).toBe('invalid_argument');
  });

  it('refuses every bidirectional control character and nothing next to them', () => {
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069])
      expect(refusal(`file${String.fromCodePoint(code)}txt.exe`)).toBe('invalid_argument');
    for (const code of [0x2029, 0x202f, 0x2065, 0x206a, 0x200f])
      expect(refusal(`ok${String.fromCodePoint(code)}ok`)).toBeUndefined();
  });
});

describe('mentions', () => {
  const a = '11111111-1111-4111-8111-111111111111';
  const b = '22222222-2222-4222-8222-222222222222';
  const outsider = '33333333-3333-4333-8333-333333333333';

  it('keeps members named by @<id>, once each, lower-cased, not the sender nor non-members', () => {
    expect(parseMentions(`hi @${b} @${b.toUpperCase()} @${a} @${outsider}`, [a, b], a)).toEqual([b]);
    expect(parseMentions(`mail me at x@${b}`, [a, b], a)).toEqual([b]);
    expect(parseMentions(`@${b.slice(0, 30)}`, [a, b], a)).toEqual([]);
    expect(parseMentions('no mentions', [a, b], a)).toEqual([]);
  });
});
