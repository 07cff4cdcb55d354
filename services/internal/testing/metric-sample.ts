/** One sample of a Prometheus metric at `metricsUrl` (the first line matching name and optional label text); 0 when absent. */
export async function metricSample(metricsUrl: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (candidate) => candidate.startsWith(name) && candidate.includes(labels) && !candidate.startsWith('#'),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}
