import { LINK_ERRORS } from './errors';

export interface LinkLifetimeSettings {
  linkDefaultTtlSeconds: number;
  linkMaxTtlSeconds: number;
}

/**
 * When a new link expires: `expiresAt`, or `expiresInSeconds` from now, or the
 * default lifetime. Past times and lifetimes beyond the maximum are refused
 * with the field that asked for them, as the gateway names it.
 */
export function resolveLinkExpiry(
  request: { expiresAt?: Date; expiresInSeconds?: number },
  settings: LinkLifetimeSettings,
  now = new Date(),
): Date {
  const { expiresAt, expiresInSeconds } = request;
  if (expiresAt && expiresInSeconds !== undefined)
    throw LINK_ERRORS.invalidField('body.expiresIn', 'send expiresAt or expiresIn, not both');
  const latest = now.getTime() + settings.linkMaxTtlSeconds * 1000;
  const tooLate = `at most ${settings.linkMaxTtlSeconds} seconds from now`;
  if (expiresInSeconds !== undefined) {
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0)
      throw LINK_ERRORS.invalidField('body.expiresIn', 'must be a positive number of seconds');
    if (expiresInSeconds > settings.linkMaxTtlSeconds)
      throw LINK_ERRORS.invalidField('body.expiresIn', `must be ${tooLate}`);
    return new Date(now.getTime() + expiresInSeconds * 1000);
  }
  if (expiresAt) {
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= now.getTime())
      throw LINK_ERRORS.invalidField('body.expiresAt', 'must be in the future');
    if (expiresAt.getTime() > latest) throw LINK_ERRORS.invalidField('body.expiresAt', `must be ${tooLate}`);
    return expiresAt;
  }
  return new Date(now.getTime() + settings.linkDefaultTtlSeconds * 1000);
}
