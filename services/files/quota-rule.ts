import { FILES_ERRORS } from './errors';

/**
 * Whether a new upload (a new file or a new version) of `size` bytes may
 * start, given the plan's quota and the user's usage. Throws the reason:
 * - account_over_quota: what is stored already exceeds the quota (the plan
 *   got smaller, e.g. a downgrade): the account is read-only for new
 *   uploads and versions until usage fits again; nothing is deleted, and
 *   downloads, trash and purge keep working;
 * - quota_exceeded: this upload does not fit in what is left (used plus
 *   reserved by pending uploads).
 */
export function assertUploadFits(props: {
  quotaBytes: bigint;
  usedBytes: bigint;
  reservedBytes: bigint;
  size: bigint;
}): void {
  const { quotaBytes, usedBytes, reservedBytes, size } = props;
  if (usedBytes > quotaBytes) throw FILES_ERRORS.accountOverQuota(usedBytes, quotaBytes);
  const free = quotaBytes - usedBytes - reservedBytes;
  if (size > free) throw FILES_ERRORS.quotaExceeded(Number(free > 0n ? free : 0n));
}
