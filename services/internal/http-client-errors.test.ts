import { connect } from 'node:net';
import { httpListener } from './http-listener';
import { createLogger } from './logger';
import { freePort } from './testing/free-port';

/** Sends raw bytes, reads the whole answer (the server closes the connection). */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

function parse(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return {
    status: Number(statusLine?.split(' ')[1]),
    headers,
    body: JSON.parse(body) as Record<string, unknown>,
  };
}

describe('requests Node’s HTTP parser refuses', () => {
  let port: number;
  let listener: ReturnType<typeof httpListener>;

  beforeAll(async () => {
    port = await freePort();
    listener = httpListener(
      (_, response) => response.end('ok'),
      { host: '127.0.0.1', port },
      createLogger({ level: 'silent', format: 'json' }),
      'test listening',
    );
    await listener.afterStart?.();
  });
  afterAll(async () => listener.stop?.());

  it('answers headers over the limit with 431 problem+json headers_too_large', async () => {
    const answer = parse(
      await rawRequest(port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.body).toEqual({
      type: 'urn:streamhub:problem:headers_too_large',
      title: 'Request headers too large',
      status: 431,
      detail: expect.any(String),
      code: 'headers_too_large',
    });
  });

  it('answers a malformed request with 400 problem+json bad_request', async () => {
    const answer = parse(await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ status: 400, code: 'bad_request' });
  });

  it('still serves a well-formed request', async () => {
    const answer = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
  });
});
