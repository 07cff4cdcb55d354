// What a one-time code is for. The name is part of the Redis key and of the
// HMAC input, so a code sent for one purpose never works for another.
export const OTP_PURPOSES = ['verify-email', 'login', 'reset-password'] as const;
export type OtpPurpose = (typeof OTP_PURPOSES)[number];
