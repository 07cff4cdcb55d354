import type { Socket } from 'node:net';
import { errorCodeSpec, httpStatusOf, type ErrorCode } from './error-codes';

/**
 * Answers for requests Node's HTTP parser refuses before any handler runs
 * (server.on('clientError')). Node's default is a bare `431` or `400` with no
 * body; clients get the same problem+json as for every other error instead,
 * without a request id (no request was read).
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // A slow client's timeout: nothing was asked, so there is nothing to answer.
  if (error.code === 'ECONNRESET' || error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    socket.destroy();
    return;
  }
  const [code, detail] = refusal(error);
  const status = httpStatusOf(code);
  const body = JSON.stringify({
    type: `urn:streamhub:problem:${code}`,
    title: errorCodeSpec(code).title,
    status,
    detail,
    code,
  });
  socket.end(
    [
      `HTTP/1.1 ${status} ${errorCodeSpec(code).title}`,
      'Content-Type: application/problem+json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'X-Content-Type-Options: nosniff',
      'Cache-Control: no-store',
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

function refusal(error: NodeJS.ErrnoException): [ErrorCode, string] {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return ['headers_too_large', 'the request line and headers are too large; send fewer or shorter headers'];
  return ['bad_request', 'the request is not valid HTTP'];
}
