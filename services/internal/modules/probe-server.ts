import type { RequestListener } from 'node:http';
import { httpListener } from '../http-listener';
import type { StreamHubModule } from './provided';

// Every process answers Kubernetes' probes and Prometheus on HTTP_PORT. The
// gateway serves these paths itself; any other target (worker, ingest, auth…)
// gets this small server instead, so one Deployment template fits all.
export const probeServerModule: StreamHubModule = {
  config: ['http'],
  async start({ config, use, logger }) {
    const http = config.get('http');
    const health = use('health');
    const metrics = use('metrics');

    const handler: RequestListener = (request, response) => {
      const reply = (status: number, type: string, body: string) => {
        response.writeHead(status, { 'Content-Type': type }).end(body);
      };
      const path = (request.url ?? '/').split('?')[0];
      if (request.method !== 'GET') return reply(405, 'text/plain', 'method not allowed\n');
      if (path === '/healthz') return reply(200, 'application/json', JSON.stringify({ status: 'ok' }));
      if (path === '/readyz') {
        void health
          .report()
          .then((report) => reply(report.ready ? 200 : 503, 'application/json', JSON.stringify(report)));
        return;
      }
      if (path === '/metrics') {
        void metrics.metrics().then((text) => reply(200, metrics.contentType, text));
        return;
      }
      reply(404, 'text/plain', 'not found: this process serves /healthz, /readyz and /metrics\n');
    };
    return httpListener(handler, http, logger, 'probe server listening');
  },
};
