// Percentiles and number formatting for the benchmark reports.

/** Nearest-rank percentile (p in 0..100) of the samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export interface Summary {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  const total = samples.reduce((sum, value) => sum + value, 0);
  return {
    count: samples.length,
    min: Math.min(...samples),
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    max: Math.max(...samples),
    mean: samples.length ? total / samples.length : Number.NaN,
  };
}

export const ms = (value: number): string => `${value.toFixed(1)} ms`;

export const seconds = (valueMs: number): string => `${(valueMs / 1000).toFixed(2)} s`;

export const fixed = (value: number, digits = 2): string => value.toFixed(digits);

/** "p50 12.3 ms, p99 45.6 ms (min 1.0, max 50.2, n=200)" */
export function latencyLine(summary: Summary): string {
  return (
    `p50 ${ms(summary.p50)}, p99 ${ms(summary.p99)} ` +
    `(min ${summary.min.toFixed(1)}, p90 ${summary.p90.toFixed(1)}, max ${summary.max.toFixed(1)}, n=${summary.count})`
  );
}
