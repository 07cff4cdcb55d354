import type { FilesDeps } from '../deps';
import { objectRef } from '../object-ref';

export type Verdict = { kind: 'ok' } | { kind: 'missing' } | { kind: 'mismatch'; reason: string };

/** Compares what storage holds with what the client declared: size always, SHA-256 when given. */
export async function verifyUpload(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
  version: number;
  size: number;
  sha256?: string;
}): Promise<Verdict> {
  const { deps } = props;
  const object = objectRef(props.userId, props.fileId, props.version);
  const stat = await deps.storage.statObject({ object });
  if (!stat.exists) return { kind: 'missing' };
  if (stat.size !== BigInt(props.size))
    return { kind: 'mismatch', reason: `stored ${stat.size} bytes, declared ${props.size}` };
  if (props.sha256) {
    // Hashing streams the whole object: allow it the activity's time, not the default call deadline.
    const actual =
      stat.sha256Hex || (await deps.storage.computeSha256({ object }, { timeoutMs: 25 * 60_000 })).sha256Hex;
    if (actual !== props.sha256)
      return { kind: 'mismatch', reason: 'the stored bytes do not match the declared SHA-256' };
  }
  return { kind: 'ok' };
}
