import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientError } from './http-client-errors';
import type { Logger } from './logger';
import type { StartedModule } from './module-runner';

/**
 * How long an idle kept-alive connection stays open. Longer than the idle
 * timeout of what usually stands in front (60 s: ingress-nginx's upstream
 * keep-alive, cloud load balancers), so that side closes an idle connection
 * first. Node's default, 5 s, makes the gateway close it while the proxy or a
 * client may be sending a request on it: that request fails with a reset
 * (a 502 behind a proxy), and it did in the fan-out benchmark.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
// Above the keep-alive timeout, so a request that starts just before an idle
// connection would close still gets the whole header timeout.
const HEADERS_TIMEOUT_MS = KEEP_ALIVE_TIMEOUT_MS + 1_000;

/**
 * The start/stop hooks of a module that serves HTTP. It listens only in
 * afterStart, once every module is up, so no request (nor a readiness probe)
 * reaches a half-started process.
 */
export function httpListener(
  handler: RequestListener,
  address: { host: string; port: number },
  logger: Logger,
  message: string,
  /** Called with the server before it listens (the gateway's WebSocket adds its upgrade handler). */
  configure?: (server: Server) => void,
): Pick<StartedModule, 'afterStart' | 'stop'> {
  let server: Server | undefined;
  return {
    afterStart: async () => {
      server = await new Promise<Server>((resolve, reject) => {
        const created = createServer(
          { keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS },
          handler,
        ).on('clientError', answerClientError);
        configure?.(created);
        const listening = created.listen(address.port, address.host, () => resolve(listening));
        listening.once('error', reject);
      });
      logger.info({ port: (server.address() as AddressInfo).port }, message);
    },
    stop: async () => {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
  };
}
