/** The Prometheus exposition at `metricsUrl` (its /metrics), read once for several samples. */
export async function readMetrics(metricsUrl: string): Promise<string> {
  return (await fetch(`${metricsUrl}/metrics`)).text();
}

/** One sample in an exposition: the first line matching name and optional label text; 0 when absent. */
export function sampleIn(exposition: string, name: string, labels = ''): number {
  const line = exposition
    .split('\n')
    .find(
      (candidate) => candidate.startsWith(name) && candidate.includes(labels) && !candidate.startsWith('#'),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** One sample of a Prometheus metric at `metricsUrl`; 0 when absent. */
export async function metricSample(metricsUrl: string, name: string, labels = ''): Promise<number> {
  return sampleIn(await readMetrics(metricsUrl), name, labels);
}
