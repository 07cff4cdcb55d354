// Where a server keeps its data, log and pid under the runtime folder
// (<repo>/.streamhub, gitignored), so one `rm -rf .streamhub` resets all.
import fs from 'node:fs';
import path from 'node:path';

export interface ServerPaths {
  dataDir: string;
  logFile: string;
  pidFile: string;
}

export function serverPaths(runtimeDir: string, name: string): ServerPaths {
  const paths = {
    dataDir: path.join(runtimeDir, name),
    logFile: path.join(runtimeDir, 'logs', `${name}.log`),
    pidFile: path.join(runtimeDir, 'pids', `${name}.pid`),
  };
  for (const dir of [paths.dataDir, path.dirname(paths.logFile), path.dirname(paths.pidFile)]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  return paths;
}
