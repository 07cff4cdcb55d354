import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { OtpPurpose } from './purposes';

export const OTP_DIGITS = 6;

/** Six uniformly random digits, leading zeros kept. */
export function newOtpCode(): string {
  return String(randomInt(0, 10 ** OTP_DIGITS)).padStart(OTP_DIGITS, '0');
}

/**
 * What Redis keeps instead of the code. Keyed with a server secret: a million
 * codes are quickly tried against a plain hash, not against an HMAC whose key
 * is not in Redis. Email and purpose are in the input, so a stored value
 * says nothing about another address or purpose.
 */
export function hashOtpCode(
  key: Buffer,
  props: { email: string; purpose: OtpPurpose; code: string },
): Buffer {
  return createHmac('sha256', key).update(`${props.purpose}\n${props.email}\n${props.code}`).digest();
}

/** Constant time for equal lengths (both are SHA-256 outputs). */
export function otpHashesMatch(stored: Buffer, presented: Buffer): boolean {
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}
