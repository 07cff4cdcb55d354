import type { RequestListener } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * The gateway's Prometheus endpoint, on METRICS_PORT. It was a route of the
 * public API, where anyone could read the process' metrics (the Node
 * version among them); only the cluster reaches this port.
 */
export function metricsHandler(registry: Registry): RequestListener {
  return (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: this port serves /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response
        .writeHead(405, { 'Content-Type': 'text/plain', Allow: 'GET, HEAD' })
        .end('method not allowed\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      () => response.writeHead(500, { 'Content-Type': 'text/plain' }).end('metrics unavailable\n'),
    );
  };
}
