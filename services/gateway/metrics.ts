import { Histogram, type Registry } from 'prom-client';

export class HttpMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  /** Registers the gateway's request latency in the process's registry. */
  constructor(readonly registry: Registry) {
    this.duration = new Histogram({
      name: 'streamhub_http_request_duration_seconds',
      help: 'Gateway HTTP request latency by route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    this.duration.labels(method, route, String(status)).observe(seconds);
  }
}
