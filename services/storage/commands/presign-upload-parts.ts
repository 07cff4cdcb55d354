import type { StorageDeps } from '../deps';
import { objectKey, objectRefProblems, type ObjectRef } from '../../internal/object-keys';
import { S3_LIMITS } from '../multipart';
import { expectedPartSize, partCount } from '../part-sizes';
import { assertValid, DEFAULT_PRESIGN_EXPIRES_SECONDS, expiryProblem, uploadIdProblem } from '../validation';

export interface PartUrl {
  partNumber: number;
  url: string;
}

/**
 * One presigned PUT per requested part of a multipart upload; S3 itself
 * rejects an unknown upload id. Given the declared size and part size, the
 * numbers must lie in 1..part count and each URL signs its part's exact
 * Content-Length, so no part can be larger (or smaller) than planned.
 */
export async function presignUploadParts(props: {
  deps: StorageDeps;
  object: ObjectRef;
  uploadId: string;
  partNumbers: number[];
  expiresInSeconds?: number;
  /** The object's declared size and the plan's part size; both 0 (or absent) bind neither. */
  size?: number;
  partSize?: number;
}): Promise<PartUrl[]> {
  const { deps, uploadId, partNumbers } = props;
  const expiresInSeconds = props.expiresInSeconds || DEFAULT_PRESIGN_EXPIRES_SECONDS;
  const layout = props.size && props.partSize ? { size: props.size, partSize: props.partSize } : undefined;
  const validLayout =
    !layout ||
    (Number.isSafeInteger(layout.size) &&
      Number.isSafeInteger(layout.partSize) &&
      layout.partSize > 0 &&
      partCount(layout) <= S3_LIMITS.maxParts);
  const lastPart = layout && validLayout ? partCount(layout) : S3_LIMITS.maxParts;
  const validNumbers =
    partNumbers.length > 0 &&
    partNumbers.every((n) => Number.isInteger(n) && n >= 1 && n <= lastPart) &&
    new Set(partNumbers).size === partNumbers.length;
  assertValid([
    objectRefProblems(props.object),
    uploadIdProblem(uploadId),
    validNumbers
      ? undefined
      : { field: 'part_numbers', message: `must be distinct numbers from 1 to ${lastPart}` },
    validLayout ? undefined : { field: 'part_size', message: 'must split size into at most 10,000 parts' },
    expiryProblem(expiresInSeconds),
  ]);
  const key = objectKey(props.object);
  const now = deps.now?.() ?? new Date();
  return Promise.all(
    partNumbers.map(async (partNumber) => ({
      partNumber,
      url: await deps.objects.presignPart({
        key,
        uploadId,
        partNumber,
        size: layout ? expectedPartSize(layout, partNumber) : undefined,
        expiresInSeconds,
        now,
      }),
    })),
  );
}
