// Postgres on 127.0.0.1 with its data under the runtime folder. initdb and
// postgres refuse to run as root, so as root they run as the `postgres`
// system user (or `nobody`), which must be able to reach the data folder.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { HOST } from '../ports';
import { note, runLogged } from '../progress';
import { startServer, type RunningServer } from './process';
import { serverPaths } from './runtime';

export const POSTGRES_USER = 'streamhub';
export const POSTGRES_PASSWORD = 'streamhub';

export interface PostgresOptions {
  runtimeDir: string;
  port: number;
  binDir: string; // holds postgres and initdb
  // The address to listen on (default 127.0.0.1). Clients from `allowFrom`
  // (CIDRs) may then log in with the password too; initdb admits loopback only.
  host?: string;
  allowFrom?: string[];
  signal?: AbortSignal;
}

export type PostgresServer = RunningServer & { host: string; port: number };

interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

export function postgresUrl(port: number, database: string, host = HOST): string {
  return `postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@${host}:${port}/${database}`;
}

// Connects to the maintenance database with our credentials.
export async function checkPostgres(port: number, host = HOST): Promise<void> {
  const client = new pg.Client({
    connectionString: postgresUrl(port, 'postgres', host),
    connectionTimeoutMillis: 1000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function ensureDatabases(port: number, databases: string[], host = HOST): Promise<void> {
  const client = new pg.Client({
    connectionString: postgresUrl(port, 'postgres', host),
    connectionTimeoutMillis: 2000,
  });
  await client.connect();
  try {
    for (const database of databases) {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    }
  } finally {
    await client.end();
  }
}

function lookupUser(name: string): RunAs | undefined {
  const entry = spawnSync('getent', ['passwd', name], { encoding: 'utf8' }).stdout?.trim();
  const fields = entry ? entry.split(':') : [];
  if (fields.length < 4) return undefined;
  return { name, uid: Number(fields[2]), gid: Number(fields[3]) };
}

function canReach(user: RunAs, dir: string): boolean {
  // Ask the kernel as that user rather than reasoning about mode bits and ACLs.
  const probe = spawnSync(process.execPath, ['-e', 'require("fs").accessSync(process.argv[1], 7)', dir], {
    uid: user.uid,
    gid: user.gid,
  });
  return probe.status === 0;
}

// Where the cluster lives: <runtime>/postgres, unless the server's user
// cannot get there (a home folder with mode 700, say).
function chooseBaseDir(runtimeDir: string, preferred: string, user: RunAs | undefined): string {
  if (!user) return preferred;
  fs.chownSync(preferred, user.uid, user.gid);
  if (canReach(user, preferred)) return preferred;
  const hash = crypto.createHash('sha256').update(path.resolve(runtimeDir)).digest('hex').slice(0, 12);
  const fallback = path.join('/var/tmp', `streamhub-${hash}`, 'postgres');
  fs.mkdirSync(fallback, { recursive: true });
  fs.chmodSync(path.dirname(fallback), 0o755);
  fs.chownSync(fallback, user.uid, user.gid);
  note(
    `postgres: user ${user.name} cannot reach ${preferred} (a parent folder is not traversable), so its data is in ${fallback}`,
  );
  return fallback;
}

// The socket goes in the data folder (only the server's user can open it);
// sun_path holds 107 bytes, so a deep folder gets no socket: we use TCP anyway.
function socketDir(dataDir: string, port: number): string {
  return Buffer.byteLength(path.join(dataDir, `.s.PGSQL.${port}`)) <= 107 ? dataDir : '';
}

async function initCluster(
  binDir: string,
  baseDir: string,
  dataDir: string,
  logFile: string,
  user: RunAs | undefined,
  signal?: AbortSignal,
): Promise<void> {
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  fs.rmSync(dataDir, { recursive: true, force: true }); // leftovers of an interrupted initdb
  const pwfile = path.join(baseDir, 'initdb-password');
  fs.writeFileSync(pwfile, `${POSTGRES_PASSWORD}\n`, { mode: 0o600 });
  if (user) fs.chownSync(pwfile, user.uid, user.gid);
  try {
    await runLogged({
      title: 'initdb',
      command: path.join(binDir, 'initdb'),
      // Local (socket) connections are trusted because the socket sits in the
      // 0700 data folder; everything else needs the password.
      args: [
        '-D',
        dataDir,
        '-U',
        POSTGRES_USER,
        `--pwfile=${pwfile}`,
        '--auth-host=scram-sha-256',
        '--auth-local=trust',
        '-E',
        'UTF8',
        '--locale=C',
      ],
      cwd: baseDir,
      logFile: `${logFile.replace(/\.log$/, '')}-initdb.log`,
      uid: user?.uid,
      gid: user?.gid,
      signal,
    });
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

export async function start(opts: PostgresOptions): Promise<PostgresServer> {
  const paths = serverPaths(opts.runtimeDir, 'postgres');
  const user = process.getuid?.() === 0 ? (lookupUser('postgres') ?? lookupUser('nobody')) : undefined;
  if (process.getuid?.() === 0 && !user)
    throw new Error(
      'running as root, but neither a `postgres` nor a `nobody` user exists to run Postgres as',
    );
  const baseDir = chooseBaseDir(opts.runtimeDir, paths.dataDir, user);
  const dataDir = path.join(baseDir, 'data');
  await initCluster(opts.binDir, baseDir, dataDir, paths.logFile, user, opts.signal);
  allowHosts(dataDir, opts.allowFrom ?? []);
  const host = opts.host ?? HOST;

  const sockets = socketDir(dataDir, opts.port);
  const server = await startServer(
    {
      name: 'postgres',
      command: path.join(opts.binDir, 'postgres'),
      args: ['-D', dataDir, '-p', String(opts.port), '-k', sockets, '-c', `listen_addresses=${host}`],
      runtimeDir: opts.runtimeDir,
      cwd: baseDir,
      uid: user?.uid,
      gid: user?.gid,
      // SIGTERM is "smart" shutdown, which waits for every client to leave;
      // SIGINT ("fast") disconnects them and still shuts down cleanly.
      stopSignal: 'SIGINT',
    },
    { check: () => checkPostgres(opts.port, host), timeoutMs: 30_000, signal: opts.signal },
  );
  return { ...server, host, port: opts.port };
}

// One password (scram) line per network in pg_hba.conf, added once.
function allowHosts(dataDir: string, networks: string[]): void {
  const file = path.join(dataDir, 'pg_hba.conf');
  const current = fs.readFileSync(file, 'utf8');
  const lines = networks
    .map((network) => `host all all ${network} scram-sha-256`)
    .filter((line) => !current.split('\n').includes(line));
  if (lines.length > 0) fs.appendFileSync(file, `${lines.join('\n')}\n`);
}
