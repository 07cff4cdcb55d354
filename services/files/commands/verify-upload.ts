import type { FilesDeps } from '../deps';
import { objectRef } from '../object-ref';
import { filesStore } from '../store';

export type Verdict = { kind: 'ok' } | { kind: 'missing' } | { kind: 'mismatch'; reason: string };

export interface VerifyUploadProps {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  version: number;
  size: number;
  sha256?: string;
}

/** Compares what storage holds with what the client declared: size always, SHA-256 when given. */
export async function verifyUpload(props: VerifyUploadProps): Promise<Verdict> {
  return compare<never>(props, async (object) => {
    // Hashing streams the whole object: allow it the activity's time, not the default call deadline.
    return (await props.deps.storage.computeSha256({ object }, { timeoutMs: 25 * 60_000 })).sha256Hex;
  });
}

/**
 * The same comparison from one HEAD: answers `needsHash` instead of
 * streaming an object whose SHA-256 S3 did not keep (a multipart upload), so
 * the workflow can run it as a quick local activity.
 */
export async function checkUpload(props: VerifyUploadProps): Promise<Verdict | { kind: 'needsHash' }> {
  return compare(props, async () => ({ kind: 'needsHash' as const }));
}

type StoredObject = ReturnType<typeof objectRef>;

/** `unhashed` gives the SHA-256 S3 did not keep, or the answer to return instead. */
async function compare<Other>(
  props: VerifyUploadProps,
  unhashed: (object: StoredObject) => Promise<string | Other>,
): Promise<Verdict | Other> {
  // The attempt's own key: only this upload's URLs can have written it.
  const row = await filesStore.findVersion(props.deps.db, props.fileId, props.version);
  if (!row) return { kind: 'missing' };
  const object = objectRef(props.userId, props.fileId, props.version, row.object_attempt);
  const stat = await props.deps.storage.statObject({ object });
  if (!stat.exists) return { kind: 'missing' };
  if (stat.size !== BigInt(props.size))
    return { kind: 'mismatch', reason: `stored ${stat.size} bytes, declared ${props.size}` };
  if (props.sha256) {
    const actual = stat.sha256Hex || (await unhashed(object));
    if (typeof actual !== 'string') return actual;
    if (actual !== props.sha256)
      return { kind: 'mismatch', reason: 'the stored bytes do not match the declared SHA-256' };
  }
  return { kind: 'ok' };
}
