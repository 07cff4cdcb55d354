import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { StreamHubModule } from './provided';

// Every process answers Kubernetes' probes and Prometheus on HTTP_PORT. The
// gateway serves these paths itself; any other target (worker, ingest, auth…)
// gets this small server instead, so one Deployment template fits all.
export const probeServerModule: StreamHubModule = {
  config: ['http'],
  async start({ config, use, logger }) {
    const http = config.get('http');
    const health = use('health');
    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics, prefix: 'streamhub_' });

    const app = createServer((request, response) => {
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
    });
    let server: Server | undefined;
    return {
      // Like the gateway: ready to be probed only once every module is up.
      afterStart: async () => {
        server = await new Promise<Server>((resolve, reject) => {
          const listening = app.listen(http.port, http.host, () => resolve(listening));
          listening.once('error', reject);
        });
        logger.info({ port: (server.address() as AddressInfo).port }, 'probe server listening');
      },
      stop: async () => {
        if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      },
    };
  },
};
