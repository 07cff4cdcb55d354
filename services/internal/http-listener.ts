import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientError } from './http-client-errors';
import type { Logger } from './logger';
import type { StartedModule } from './module-runner';

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
        const created = createServer(handler).on('clientError', answerClientError);
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
