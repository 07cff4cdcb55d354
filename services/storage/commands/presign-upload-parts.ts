import type { StorageDeps } from '../deps';
import { objectKey, objectRefProblems, type ObjectRef } from '../../internal/object-keys';
import { S3_LIMITS } from '../multipart';
import { assertValid, DEFAULT_PRESIGN_EXPIRES_SECONDS, expiryProblem, uploadIdProblem } from '../validation';

export interface PartUrl {
  partNumber: number;
  url: string;
}

/** One presigned PUT per requested part of a multipart upload; S3 itself rejects an unknown upload id. */
export async function presignUploadParts(props: {
  deps: StorageDeps;
  object: ObjectRef;
  uploadId: string;
  partNumbers: number[];
  expiresInSeconds?: number;
}): Promise<PartUrl[]> {
  const { deps, uploadId, partNumbers } = props;
  const expiresInSeconds = props.expiresInSeconds || DEFAULT_PRESIGN_EXPIRES_SECONDS;
  const validNumbers =
    partNumbers.length > 0 &&
    partNumbers.every((n) => Number.isInteger(n) && n >= 1 && n <= S3_LIMITS.maxParts) &&
    new Set(partNumbers).size === partNumbers.length;
  assertValid([
    objectRefProblems(props.object),
    uploadIdProblem(uploadId),
    validNumbers
      ? undefined
      : { field: 'part_numbers', message: `must be distinct numbers from 1 to ${S3_LIMITS.maxParts}` },
    expiryProblem(expiresInSeconds),
  ]);
  const key = objectKey(props.object);
  const now = deps.now?.() ?? new Date();
  return Promise.all(
    partNumbers.map(async (partNumber) => ({
      partNumber,
      url: await deps.objects.presignPart({ key, uploadId, partNumber, expiresInSeconds, now }),
    })),
  );
}
