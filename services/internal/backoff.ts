// Exponential backoff, shared by every retry loop (the operator's work queue
// and informers, the outbox relay): one formula, one place to test it.
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 5 * 60_000 };

/** Delay before retry number `failures` (1 = first retry): doubles each time, capped. */
export function backoffDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (failures < 1) return 0;
  // 2 ** 1024 is Infinity, which Math.min caps; no overflow to guard.
  return Math.min(policy.maxMs, policy.baseMs * 2 ** (failures - 1));
}
