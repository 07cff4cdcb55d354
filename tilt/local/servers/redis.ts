// Redis on 127.0.0.1, memory only: it holds caches and presence, nothing a
// restart must keep, so no snapshots and no append-only file.
import { HOST } from '../ports';
import { tcpExchange } from './net';
import { startServer, type RunningServer } from './process';
import { serverPaths } from './runtime';

export interface RedisOptions {
  runtimeDir: string;
  port: number;
  binary: string;
  // The address to listen on (default 127.0.0.1).
  host?: string;
  signal?: AbortSignal;
}

export type RedisServer = RunningServer & { host: string; port: number };

// PING in RESP is enough to know it is Redis and that it serves requests.
export async function checkRedis(port: number, host = HOST): Promise<void> {
  const reply = await tcpExchange(host, port, 'PING\r\n', /\r\n/);
  if (!reply.startsWith('+PONG'))
    throw new Error(`expected +PONG from ${host}:${port}, got ${JSON.stringify(reply.slice(0, 60))}`);
}

export async function start(opts: RedisOptions): Promise<RedisServer> {
  const { dataDir } = serverPaths(opts.runtimeDir, 'redis');
  const host = opts.host ?? HOST;
  const server = await startServer(
    {
      name: 'redis',
      command: opts.binary,
      args: [
        '--bind',
        host,
        // Without a password, protected mode answers only loopback clients;
        // another address is bound on purpose, for the clients it reaches.
        ...(host === HOST ? [] : ['--protected-mode', 'no']),
        '--port',
        String(opts.port),
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dataDir,
        '--daemonize',
        'no',
      ],
      runtimeDir: opts.runtimeDir,
    },
    { check: () => checkRedis(opts.port, host), timeoutMs: 15_000, signal: opts.signal },
  );
  return { ...server, host, port: opts.port };
}
