import { AppError, type FieldProblem } from './errors';

// Object keys are `users/<userId>/<fileId>/<version>-<attempt>`: the bucket
// notification filters on `users/`, and a user's objects share one prefix for
// listing and account deletion. The attempt (a random UUID per upload) makes
// each upload's key new, so a presigned URL can write nothing but its own
// attempt's object. Objects stored before attempts existed keep
// `users/<userId>/<fileId>/<version>` (no attempt). objectKey and
// parseObjectKey are exact inverses.

export interface ObjectRef {
  userId: string;
  fileId: string;
  version: number;
  /** The upload attempt's id; empty or absent for an object stored before attempt keys. */
  attempt?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY =
  /^users\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([1-9][0-9]{0,9})(?:-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))?$/;
// Versions travel as protobuf int32.
const MAX_VERSION = 2 ** 31 - 1;

/** What is wrong with `ref`, named by the proto's field names; empty when it is valid. */
export function objectRefProblems(ref: ObjectRef, field = 'object'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!UUID.test(ref.userId)) problems.push({ field: `${field}.user_id`, message: 'must be a UUID' });
  if (!UUID.test(ref.fileId)) problems.push({ field: `${field}.file_id`, message: 'must be a UUID' });
  if (!Number.isInteger(ref.version) || ref.version < 1 || ref.version > MAX_VERSION)
    problems.push({ field: `${field}.version`, message: `must be an integer from 1 to ${MAX_VERSION}` });
  if (ref.attempt && !UUID.test(ref.attempt))
    problems.push({ field: `${field}.attempt`, message: 'must be a UUID or empty' });
  return problems;
}

/** The S3 key of one version of a file; throws invalid_argument for a malformed reference. */
export function objectKey(ref: ObjectRef): string {
  const problems = objectRefProblems(ref);
  if (problems.length > 0)
    throw new AppError('invalid_argument', 'the object reference is invalid', problems);
  // One spelling per id, so the same file never lands under two keys.
  const base = `users/${ref.userId.toLowerCase()}/${ref.fileId.toLowerCase()}/${ref.version}`;
  return ref.attempt ? `${base}-${ref.attempt.toLowerCase()}` : base;
}

/**
 * The reference an object key stands for, or undefined for any other key.
 * Accepts the key as MinIO's event records carry it, query-escaped
 * (`users%2F<id>%2F...`), as well as plain (the Kafka message key, after the
 * `<bucket>/` prefix).
 */
export function parseObjectKey(key: string): ObjectRef | undefined {
  let plain = key;
  if (/%2f/i.test(key)) {
    try {
      plain = decodeURIComponent(key.replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  }
  const match = KEY.exec(plain);
  if (!match) return undefined;
  const [, userId, fileId, version, attempt] = match as unknown as [string, string, string, string, string?];
  const ref: ObjectRef = { userId, fileId, version: Number(version), ...(attempt ? { attempt } : {}) };
  return ref.version <= MAX_VERSION ? ref : undefined;
}
