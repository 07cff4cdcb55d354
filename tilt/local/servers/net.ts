// Raw TCP helpers: whether something listens on a port, and one
// request/response exchange for servers whose client we do not install.
import net from 'node:net';

// Resolves with everything the server sent until it had sent `until` (or
// closed the connection); rejects on refusal or after timeoutMs.
export function tcpExchange(
  host: string,
  port: number,
  request: string,
  until: RegExp,
  timeoutMs = 1000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let received = '';
    const finish = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(received);
    };
    socket.setTimeout(timeoutMs, () =>
      finish(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)),
    );
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (until.test(received)) finish();
    });
    socket.on('end', () => finish());
    socket.on('error', (error) => finish(error));
  });
}

export async function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(true); // something accepted the SYN or filtered it: not ours to take
    });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
