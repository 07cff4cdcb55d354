/** The byte range of part `partNumber` (1-based): every part `partSize` bytes but the last. */
export function partRange(
  size: number,
  partSize: number,
  partNumber: number,
): { start: number; end: number } {
  const start = (partNumber - 1) * partSize;
  return { start, end: Math.min(size, start + partSize) };
}

/** Part numbers 1..partCount not yet acknowledged, in order. */
export function missingParts(partCount: number, sent: Record<string, string>): number[] {
  const missing: number[] = [];
  for (let partNumber = 1; partNumber <= partCount; partNumber += 1)
    if (sent[String(partNumber)] === undefined) missing.push(partNumber);
  return missing;
}

/** Runs `work` over `items` with at most `concurrency` at once; the first failure stops new work and is thrown. */
export async function runBounded<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  // Rethrown as it came: the caller tells a ProblemError from an abort.
  if (failure !== undefined) throw failure as Error;
}
