import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type Koa from 'koa';

export interface InjectedResponse<T = any> {
  status: number;
  headers: Record<string, string>;
  /** Parsed when the answer is JSON (problem+json included), the text otherwise. */
  body: T;
}

/**
 * Runs one HTTP request through a Koa app in memory: no port, no socket
 * I/O. Node's own request and response objects carry it, so Koa, the body
 * parser and the router see what they would see from a real connection.
 */
export async function inject<T = any>(
  app: Koa,
  request: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: unknown;
    rawBody?: string;
  },
): Promise<InjectedResponse<T>> {
  const payload = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  const socket = new Socket();
  const req = new IncomingMessage(socket);
  req.method = request.method;
  req.url = request.path;
  req.headers = Object.fromEntries(
    Object.entries({
      host: 'gateway.test',
      ...(payload === undefined
        ? {}
        : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
      ...request.headers,
    }).map(([name, value]) => [name.toLowerCase(), value]),
  );
  if (payload !== undefined) req.push(payload);
  req.push(null);

  const res = new ServerResponse(req);
  const chunks: Buffer[] = [];
  const finished = new Promise<void>((resolve) => {
    res.write = ((chunk: unknown) => {
      if (chunk) chunks.push(Buffer.from(chunk as string));
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown) => {
      if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as string));
      resolve();
      return res;
    }) as typeof res.end;
  });
  await app.callback()(req, res);
  await finished;
  socket.destroy();

  const text = Buffer.concat(chunks).toString('utf8');
  const headers = Object.fromEntries(
    Object.entries(res.getHeaders()).map(([name, value]) => [name, String(value)]),
  );
  const isJson = /json/.test(headers['content-type'] ?? '');
  return { status: res.statusCode, headers, body: (isJson && text ? JSON.parse(text) : text) as T };
}
