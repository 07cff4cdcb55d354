import http2, { type ClientHttp2Session, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { GoawaySafeSessionManager } from './session-manager';

// A real HTTP/2 server on a loopback port that answers every request with 200.
describe('GoawaySafeSessionManager', () => {
  let server: http2.Http2Server;
  const serverSessions: Http2Session[] = [];

  beforeAll(async () => {
    server = http2.createServer();
    server.on('session', (session) => serverSessions.push(session));
    server.on('stream', (stream) => stream.respond({ ':status': 200 }, { endStream: true }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const session of serverSessions) session.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('survives a GOAWAY on an idle connection followed at once by a request on a new one', async () => {
    const manager = new GoawaySafeSessionManager(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    );
    try {
      const first = await requestOnce(manager);
      const oldSession = first.session;
      await finished(first.stream);

      // The server retires the idle connection (as a gRPC server does when it
      // shuts down); the client asks again the moment the GOAWAY arrives, so
      // the manager leaves the old connection before Node emits its error.
      const secondRequest = new Promise<Awaited<ReturnType<typeof requestOnce>>>((resolve, reject) =>
        oldSession.once('goaway', () => requestOnce(manager).then(resolve, reject)),
      );
      const oldClosed = new Promise((resolve) => oldSession.once('close', resolve));
      serverSessions[serverSessions.length - 1]!.goaway(http2.constants.NGHTTP2_NO_ERROR);

      const second = await secondRequest;
      expect(second.status).toBe(200);
      expect(second.session).not.toBe(oldSession);
      // The old connection's deferred error is emitted by now; without the
      // listener it is an uncaught exception that fails this suite.
      await oldClosed;
      await new Promise((resolve) => setImmediate(resolve));
      await finished(second.stream);
    } finally {
      manager.abort();
    }
  }, 10_000);
});

async function requestOnce(manager: GoawaySafeSessionManager) {
  const stream = await manager.request('GET', '/', {}, {});
  stream.end();
  const status = await new Promise<number>((resolve, reject) => {
    stream.once('response', (headers) => resolve(Number(headers[':status'])));
    stream.once('error', reject);
  });
  return { stream, status, session: stream.session as ClientHttp2Session };
}

function finished(stream: http2.ClientHttp2Stream): Promise<void> {
  stream.resume();
  return new Promise((resolve) => (stream.closed ? resolve() : stream.once('close', () => resolve())));
}
