// A TCP forwarder: connections to listenHost:port are piped to
// targetHost:targetPort. For a server that must run on loopback but be
// reached by pods: Temporal's development server, given --ip 10.244.0.1,
// still announces its internal services (history, matching) at 127.0.0.1
// while binding them to the given address, and every workflow start then
// fails with "dial tcp 127.0.0.1:<port>: connect: connection refused".
import net from 'node:net';

export interface TcpForward {
  close(): Promise<void>;
}

export async function forwardTcp(
  listenHost: string,
  port: number,
  targetHost: string,
  targetPort: number,
): Promise<TcpForward> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: targetHost, port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, listenHost, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
