// How a large object is cut into parts. S3's limits: every part but the last
// is at least 5 MiB and at most 5 GiB, at most 10,000 parts, at most 5 TiB.
const MiB = 1024 * 1024;

export const S3_LIMITS = {
  minPartSize: 5 * MiB,
  maxPartSize: 5 * 1024 * MiB,
  maxParts: 10_000,
  maxObjectSize: 5 * 1024 * 1024 * MiB,
  maxSinglePutSize: 5 * 1024 * MiB,
};

// Larger than S3's minimum so a typical upload has few parts (fewer presigned
// URLs and round trips), small enough that a failed part is cheap to retry.
export const DEFAULT_MIN_PART_SIZE = 16 * MiB;

export interface MultipartPlan {
  partSize: number;
  partCount: number;
}

/**
 * Part size = the larger of minPartSize and size/10,000 rounded up to a whole
 * MiB, so any object up to 5 TiB fits in 10,000 parts.
 */
export function planMultipart(size: number, options: { minPartSize?: number } = {}): MultipartPlan {
  const minPartSize = options.minPartSize ?? DEFAULT_MIN_PART_SIZE;
  if (!Number.isSafeInteger(size) || size < 1 || size > S3_LIMITS.maxObjectSize)
    throw new RangeError(`size must be an integer from 1 to ${S3_LIMITS.maxObjectSize} bytes`);
  if (
    !Number.isSafeInteger(minPartSize) ||
    minPartSize < S3_LIMITS.minPartSize ||
    minPartSize > S3_LIMITS.maxPartSize
  )
    throw new RangeError(
      `minPartSize must be from ${S3_LIMITS.minPartSize} to ${S3_LIMITS.maxPartSize} bytes`,
    );
  const spread = Math.ceil(Math.ceil(size / S3_LIMITS.maxParts) / MiB) * MiB;
  const partSize = Math.max(minPartSize, spread);
  return { partSize, partCount: Math.ceil(size / partSize) };
}
