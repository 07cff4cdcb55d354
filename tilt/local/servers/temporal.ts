// Temporal's development server (one process: frontend, history, matching,
// SQLite persistence and the Web UI) on 127.0.0.1.
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { HOST } from '../ports';
import { startServer, type RunningServer } from './process';
import { serverPaths } from './runtime';

export const TEMPORAL_NAMESPACE = 'default';

// Registered at start so workflows can be listed by user and by file.
const SEARCH_ATTRIBUTES = ['UserId=Keyword', 'FileId=Keyword'];

export interface TemporalOptions {
  runtimeDir: string;
  port: number;
  uiPort: number;
  binary: string;
  // Always 127.0.0.1: given another --ip, the development server still
  // dials its own history and matching services at 127.0.0.1 and every
  // workflow start fails; the local cluster forwards to it instead
  // (tilt/local/cluster/tcp-forward.ts).
  signal?: AbortSignal;
}

export type TemporalServer = RunningServer & { address: string; uiUrl: string };

export async function checkTemporal(address: string): Promise<void> {
  // A channel of its own: grpc-js otherwise shares one subchannel per address
  // across connections, and the backoff earned by failed probes while the
  // server was still starting delays the first success by tens of seconds.
  const connection = await Connection.connect({
    address,
    connectTimeout: 1000,
    channelArgs: { 'grpc.use_local_subchannel_pool': 1 },
  });
  try {
    await connection.workflowService.getSystemInfo({});
  } finally {
    await connection.close();
  }
}

export async function start(opts: TemporalOptions): Promise<TemporalServer> {
  const { dataDir } = serverPaths(opts.runtimeDir, 'temporal');
  const address = `${HOST}:${opts.port}`;
  const server = await startServer(
    {
      name: 'temporal',
      command: opts.binary,
      args: [
        'server',
        'start-dev',
        '--ip',
        HOST, // the Web UI follows --ip unless --ui-ip says otherwise
        '--port',
        String(opts.port),
        '--ui-port',
        String(opts.uiPort),
        '--db-filename',
        path.join(dataDir, 'temporal.db'),
        // SQLite's default journal syncs the disk on every transaction, and
        // the server writes one per history change: the local stack's
        // Temporal then spent its time waiting on fsync. A write-ahead log
        // synced at checkpoints keeps every committed change through a crash
        // of any process (only a power cut can lose the last ones), which is
        // what a development server needs.
        '--sqlite-pragma',
        'journal_mode=wal',
        '--sqlite-pragma',
        'synchronous=normal',
        '--namespace',
        TEMPORAL_NAMESPACE,
        '--log-level',
        'warn',
        ...SEARCH_ATTRIBUTES.flatMap((attribute) => ['--search-attribute', attribute]),
      ],
      runtimeDir: opts.runtimeDir,
    },
    { check: () => checkTemporal(address), timeoutMs: 60_000, signal: opts.signal },
  );
  return { ...server, address, uiUrl: `http://${HOST}:${opts.uiPort}` };
}
