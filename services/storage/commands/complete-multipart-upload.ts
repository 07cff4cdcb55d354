import type { StorageDeps } from '../deps';
import { STORAGE_ERRORS } from '../errors';
import { objectKey, objectRefProblems, type ObjectRef } from '../../internal/object-keys';
import { S3_LIMITS } from '../multipart';
import { s3ErrorCode } from '../s3/object-store';
import { assertValid, uploadIdProblem } from '../validation';

// S3's answers that mean "these parts do not make an object", as opposed to an outage.
const PART_ERRORS: Record<string, string> = {
  InvalidPart: 'a part was not uploaded or its ETag does not match',
  InvalidPartOrder: 'the part numbers are not in ascending order',
  EntityTooSmall: 'a part other than the last is smaller than 5 MiB',
};

/** Joins the uploaded parts into the object; returns its ETag. */
export async function completeMultipartUpload(props: {
  deps: StorageDeps;
  object: ObjectRef;
  uploadId: string;
  parts: Array<{ partNumber: number; etag: string }>;
}): Promise<{ etag: string }> {
  const { parts, uploadId } = props;
  const numbers = parts.map((part) => part.partNumber);
  const validParts =
    parts.length > 0 &&
    parts.length <= S3_LIMITS.maxParts &&
    parts.every(
      (part) => Number.isInteger(part.partNumber) && part.partNumber >= 1 && part.etag.length > 0,
    ) &&
    new Set(numbers).size === numbers.length;
  assertValid([
    objectRefProblems(props.object),
    uploadIdProblem(uploadId),
    validParts
      ? undefined
      : { field: 'parts', message: 'must list each uploaded part once, with its number and ETag' },
  ]);
  try {
    return await props.deps.objects.completeMultipart({ key: objectKey(props.object), uploadId, parts });
  } catch (error) {
    const code = s3ErrorCode(error);
    if (code === 'NoSuchUpload') throw STORAGE_ERRORS.uploadNotFound();
    const reason = code ? PART_ERRORS[code] : undefined;
    if (reason) throw STORAGE_ERRORS.partsRejected(reason);
    throw error;
  }
}
