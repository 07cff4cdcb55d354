import type { FilesDeps } from '../deps';
import { filesStore } from '../store';

/** Used bytes count every stored version, live or trashed; reserved bytes are uploads in flight. */
export async function getUsage(props: { deps: FilesDeps; userId: string }) {
  const [usage, { plan }] = await Promise.all([
    filesStore.readUsage(props.deps.db, props.userId),
    props.deps.billing.getUserPlan({ userId: props.userId }),
  ]);
  return {
    usedBytes: BigInt(usage.used_bytes),
    reservedBytes: BigInt(usage.reserved_bytes),
    fileCount: usage.file_count,
    quotaBytes: plan?.storageQuotaBytes ?? 0n,
  };
}
