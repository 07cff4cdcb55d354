// What every installer needs from the machine: finding a program on PATH,
// and installing a Debian package when we are allowed to.
import fs from 'node:fs';
import path from 'node:path';
import { runLogged, step } from '../progress';
import { cacheLogFile } from '../versions';

export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

let aptUpdated = false;
// dpkg takes a lock: installs asked for in parallel run one after another.
let aptQueue: Promise<unknown> = Promise.resolve();

// Installs Debian packages, but only as root on a machine with apt: anywhere
// else we stop and say exactly what the user has to install.
export async function aptInstall(packages: string[], why: string): Promise<void> {
  const hint = `${why}. Install it with: sudo apt-get install -y ${packages.join(' ')} (or your system's equivalent), then run this again`;
  if (!isRoot()) throw new Error(`${hint}. (Not running as root, so it is not installed automatically.)`);
  if (!findOnPath('apt-get')) throw new Error(`${hint}. (apt-get not found on this machine.)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const logFile = cacheLogFile(`apt-${packages.join('-')}`);
  const turn = aptQueue.catch(() => undefined).then(() => install(packages, env, logFile));
  aptQueue = turn;
  await turn;
}

async function install(packages: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  await step(`apt-get install ${packages.join(' ')}`, async () => {
    if (!aptUpdated) {
      await runLogged({
        title: 'apt-get update',
        command: 'apt-get',
        args: ['update'],
        logFile: cacheLogFile('apt-update'),
        env,
      });
      aptUpdated = true;
    }
    await runLogged({
      title: `apt-get install ${packages.join(' ')}`,
      command: 'apt-get',
      args: ['install', '-y', '--no-install-recommends', ...packages],
      logFile,
      env,
    });
  });
}
