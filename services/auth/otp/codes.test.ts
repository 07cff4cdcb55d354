import { randomBytes } from 'node:crypto';
import { hashOtpCode, newOtpCode, otpHashesMatch } from './codes';

describe('one-time codes', () => {
  it('are six digits, leading zeros kept', () => {
    const codes = Array.from({ length: 2000 }, () => newOtpCode());
    expect(codes.every((code) => /^\d{6}$/.test(code))).toBe(true);
    // About 1 in 10 starts with 0; none would if zeros were dropped.
    expect(codes.some((code) => code.startsWith('0'))).toBe(true);
  });

  it('hash differently per key, email, purpose and code', () => {
    const key = randomBytes(32);
    const base = { email: 'ada@example.test', purpose: 'login' as const, code: '123456' };
    const hash = hashOtpCode(key, base);
    expect(otpHashesMatch(hash, hashOtpCode(key, { ...base }))).toBe(true);
    for (const other of [
      hashOtpCode(randomBytes(32), base),
      hashOtpCode(key, { ...base, email: 'bob@example.test' }),
      hashOtpCode(key, { ...base, purpose: 'reset-password' }),
      hashOtpCode(key, { ...base, code: '123457' }),
    ]) {
      expect(otpHashesMatch(hash, other)).toBe(false);
    }
  });

  it('never match a stored value of another length', () => {
    const hash = hashOtpCode(randomBytes(32), { email: 'a@b.c', purpose: 'login', code: '000000' });
    expect(otpHashesMatch(hash.subarray(0, 16), hash)).toBe(false);
  });
});
