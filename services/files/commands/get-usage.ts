import type { FilesDeps } from '../deps';
import { filesStore, usageScope } from '../store';

/** Used bytes count every stored version, live or trashed; reserved bytes are uploads in flight. */
export async function getUsage(props: { deps: FilesDeps; userId: string }) {
  const { db, usageCache } = props.deps;
  const [usage, { plan }] = await Promise.all([
    usageCache.read({
      key: usageScope(props.userId),
      scopes: [usageScope(props.userId)],
      load: () => filesStore.readUsage(db, props.userId),
    }),
    props.deps.billing.getUserPlan({ userId: props.userId }),
  ]);
  return {
    usedBytes: BigInt(usage.used_bytes),
    reservedBytes: BigInt(usage.reserved_bytes),
    fileCount: usage.file_count,
    quotaBytes: plan?.storageQuotaBytes ?? 0n,
  };
}
