import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { httpListener } from './http-listener';
import { createLogger } from './logger';

// A real server on a loopback port: what a client or proxy in front sees.
describe('httpListener', () => {
  let server: Server;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const listener = httpListener(
      (request, response) => response.end(String(request.socket.remotePort)),
      { host: '127.0.0.1', port: 0 },
      createLogger({ level: 'silent', format: 'json' }),
      'listening',
      (created) => (server = created),
    );
    await listener.afterStart!();
    stop = listener.stop!;
  });

  afterAll(() => stop());

  it('keeps an idle kept-alive connection open past Node’s 5 s default, so it is not closed under a request', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const first = await get(url, agent);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      const second = await get(url, agent);
      // The same client port: the second request went on the first connection.
      expect(second).toBe(first);
    } finally {
      agent.destroy();
    }
  }, 15_000);
});

function get(url: string, agent: http.Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}
