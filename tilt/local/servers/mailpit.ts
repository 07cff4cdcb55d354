// Mailpit on 127.0.0.1: SMTP for StreamHub's mail, and the web UI and HTTP
// API that show it. Messages live in its SQLite file and survive a restart.
import path from 'node:path';
import { HOST } from '../ports';
import { startServer, type RunningServer } from './process';
import { serverPaths } from './runtime';

export interface MailpitOptions {
  runtimeDir: string;
  smtpPort: number;
  uiPort: number;
  binary: string;
  // The address to listen on (default 127.0.0.1), SMTP and the UI alike.
  host?: string;
  signal?: AbortSignal;
}

export type MailpitServer = RunningServer & { smtpUrl: string; uiUrl: string };

// /api/v1/info answers with Mailpit's own JSON: a foreign web server on the
// port fails this, not just a closed port.
export async function checkMailpit(uiPort: number, host = HOST): Promise<void> {
  const response = await fetch(`http://${host}:${uiPort}/api/v1/info`, { signal: AbortSignal.timeout(1000) });
  if (response.status !== 200) throw new Error(`GET /api/v1/info answered ${response.status}`);
  const info = (await response.json()) as { Version?: unknown };
  if (typeof info.Version !== 'string') throw new Error('GET /api/v1/info is not Mailpit’s answer');
}

export async function start(opts: MailpitOptions): Promise<MailpitServer> {
  const { dataDir } = serverPaths(opts.runtimeDir, 'mailpit');
  const host = opts.host ?? HOST;
  const server = await startServer(
    {
      name: 'mailpit',
      command: opts.binary,
      args: [
        '--listen',
        `${host}:${opts.uiPort}`,
        '--smtp',
        `${host}:${opts.smtpPort}`,
        '--database',
        path.join(dataDir, 'mailpit.db'),
        // It would otherwise ask GitHub for new releases, which is unreachable here.
        '--disable-version-check',
      ],
      runtimeDir: opts.runtimeDir,
    },
    { check: () => checkMailpit(opts.uiPort, host), timeoutMs: 30_000, signal: opts.signal },
  );
  return { ...server, smtpUrl: mailpitSmtpUrl(opts.smtpPort, host), uiUrl: mailpitUiUrl(opts.uiPort, host) };
}

export const mailpitSmtpUrl = (port: number, host = HOST): string => `smtp://${host}:${port}`;
export const mailpitUiUrl = (port: number, host = HOST): string => `http://${host}:${port}`;
