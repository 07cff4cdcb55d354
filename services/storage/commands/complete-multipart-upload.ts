import type { StorageDeps } from '../deps';
import { STORAGE_ERRORS } from '../errors';
import { objectKey, objectRefProblems, type ObjectRef } from '../../internal/object-keys';
import { S3_LIMITS } from '../multipart';
import { partLayoutProblem } from '../part-sizes';
import { s3ErrorCode } from '../s3/object-store';
import { assertValid, uploadIdProblem } from '../validation';

// S3's answers that mean "these parts do not make an object", as opposed to an outage.
const PART_ERRORS: Record<string, string> = {
  InvalidPart: 'a part was not uploaded or its ETag does not match',
  InvalidPartOrder: 'the part numbers are not in ascending order',
  EntityTooSmall: 'a part other than the last is smaller than 5 MiB',
};

/**
 * Joins the uploaded parts into the object; returns its ETag. Given the
 * declared size and part size, first checks what S3 holds: parts 1..count,
 * each of the part size but the last, adding up to the size; otherwise
 * nothing is assembled (upload_parts_rejected).
 */
export async function completeMultipartUpload(props: {
  deps: StorageDeps;
  object: ObjectRef;
  uploadId: string;
  parts: Array<{ partNumber: number; etag: string }>;
  size?: number;
  partSize?: number;
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
  const key = objectKey(props.object);
  try {
    if (props.size && props.partSize) {
      const stored = await props.deps.objects.listParts({ key, uploadId });
      const problem = partLayoutProblem({ size: props.size, partSize: props.partSize }, stored);
      if (problem) throw STORAGE_ERRORS.partsRejected(problem);
    }
    return await props.deps.objects.completeMultipart({ key, uploadId, parts });
  } catch (error) {
    const code = s3ErrorCode(error);
    if (code === 'NoSuchUpload') throw STORAGE_ERRORS.uploadNotFound();
    const reason = code ? PART_ERRORS[code] : undefined;
    if (reason) throw STORAGE_ERRORS.partsRejected(reason);
    throw error;
  }
}
