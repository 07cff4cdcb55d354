import type { FieldProblem } from '../internal/errors';
import { STORAGE_ERRORS } from './errors';
import { MAX_PRESIGN_EXPIRES_SECONDS } from './s3/object-store';

// Input checks shared by the commands. Each returns the problem with one
// field, or undefined; assertValid reports all of a request's problems at once.

// Long enough to start a transfer on a slow link, short enough that a leaked URL soon stops working.
export const DEFAULT_PRESIGN_EXPIRES_SECONDS = 15 * 60;
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
// RFC 9110 media type: type/subtype, then `; name=value` parameters.
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"\\\\\\r\\n]*"))*$`);
const SHA256_HEX = /^[0-9a-f]{64}$/;
// Upload ids are opaque, but every S3 we know uses URL-safe characters; this
// keeps anything that could smuggle query syntax out of our S3 requests.
const UPLOAD_ID = /^[A-Za-z0-9._~+/=-]{1,1024}$/;

export function assertValid(problems: Array<FieldProblem | FieldProblem[] | undefined>): void {
  const found = problems.flat().filter((problem) => problem !== undefined);
  if (found.length > 0) throw STORAGE_ERRORS.invalidRequest(found);
}

export function expiryProblem(seconds: number, field = 'expires_in_seconds'): FieldProblem | undefined {
  if (Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_PRESIGN_EXPIRES_SECONDS) return undefined;
  return { field, message: `must be from 1 to ${MAX_PRESIGN_EXPIRES_SECONDS} seconds (0 means the default)` };
}

export function contentTypeProblem(value: string, field = 'content_type'): FieldProblem | undefined {
  if (value.length <= 255 && MEDIA_TYPE.test(value)) return undefined;
  return { field, message: 'must be a media type such as application/pdf' };
}

export function sha256Problem(value: string, field = 'sha256_hex'): FieldProblem | undefined {
  return SHA256_HEX.test(value) ? undefined : { field, message: 'must be 64 lower-case hex digits' };
}

export function uploadIdProblem(value: string, field = 'upload_id'): FieldProblem | undefined {
  return UPLOAD_ID.test(value)
    ? undefined
    : { field, message: 'must be the upload id CreateUpload returned' };
}
