import type { StorageDeps } from '../deps';
import { STORAGE_ERRORS } from '../errors';
import { objectKey, objectRefProblems, type ObjectRef } from '../../internal/object-keys';
import { DEFAULT_UPLOAD_TTL_SECONDS } from '../../internal/upload-expiry';
import { planMultipart, S3_LIMITS } from '../multipart';
import {
  assertValid,
  contentTypeProblem,
  DEFAULT_CONTENT_TYPE,
  expiryProblem,
  sha256Problem,
} from '../validation';

// Below this a single PUT is simplest for every client; above it a failed
// transfer costs one part, not the whole file, and parts can go in parallel.
export const DEFAULT_MULTIPART_THRESHOLD_BYTES = 64 * 1024 * 1024;

export type Upload =
  | { kind: 'put'; url: string; headers: Record<string, string>; expiresAt: Date }
  | { kind: 'multipart'; uploadId: string; partSize: number; partCount: number; expiresAt: Date };

/**
 * Presigns a single PUT that binds size, type and SHA-256, or above the
 * threshold starts a multipart upload (its parts are presigned on request).
 * A multipart upload cannot bind a SHA-256: the caller verifies it with
 * ComputeSha256 once the upload is complete.
 */
export async function createUpload(props: {
  deps: StorageDeps;
  object: ObjectRef;
  size: number;
  contentType: string;
  sha256Hex?: string;
  expiresInSeconds?: number;
}): Promise<Upload> {
  const { deps, size } = props;
  const contentType = props.contentType || DEFAULT_CONTENT_TYPE;
  // The files service derives the lifetime from the upload's expiry; a
  // caller naming none gets the same default lifetime an upload has there.
  const expiresInSeconds = props.expiresInSeconds || DEFAULT_UPLOAD_TTL_SECONDS;
  assertValid([
    objectRefProblems(props.object),
    Number.isSafeInteger(size) && size >= 0
      ? undefined
      : { field: 'size', message: 'must be a whole number of bytes' },
    contentTypeProblem(contentType),
    props.sha256Hex ? sha256Problem(props.sha256Hex) : undefined,
    expiryProblem(expiresInSeconds),
  ]);
  if (size > S3_LIMITS.maxObjectSize) throw STORAGE_ERRORS.objectTooLarge(S3_LIMITS.maxObjectSize);

  const key = objectKey(props.object);
  const now = deps.now?.() ?? new Date();
  const expiresAt = new Date(now.getTime() + expiresInSeconds * 1000);
  const threshold = Math.min(
    deps.multipartThresholdBytes ?? DEFAULT_MULTIPART_THRESHOLD_BYTES,
    S3_LIMITS.maxSinglePutSize,
  );
  if (size <= threshold) {
    const put = await deps.objects.presignPut({
      key,
      size,
      contentType,
      sha256Hex: props.sha256Hex,
      expiresInSeconds,
      now,
    });
    return { kind: 'put', ...put, expiresAt };
  }
  const plan = planMultipart(size);
  const uploadId = await deps.objects.initiateMultipart({ key, contentType });
  // S3 keeps an unfinished multipart upload until it is aborted; expiresAt
  // tells the caller when to give up on it and call AbortUpload.
  return { kind: 'multipart', uploadId, ...plan, expiresAt };
}
