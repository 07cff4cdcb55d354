// A writable copy of a Go module's source, for builds that must generate
// files into it before `go build` (Mailpit's web UI). The module cache holds
// the source read-only, and must stay untouched.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

// `go mod download -json module@version` fetches the module through the proxy
// (or finds it in the module cache) and answers with the folder it is in.
// On failure its JSON still comes on stdout, with the reason in "Error".
export async function moduleSourceDir(
  go: string,
  module: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(go, ['mod', 'download', '-json', module], { cwd, env, signal }));
  } catch (error) {
    stdout = (error as { stdout?: string }).stdout ?? '';
    if (!stdout.trim()) throw error;
  }
  const answer = JSON.parse(stdout) as { Dir?: string; Error?: string };
  if (!answer.Dir)
    throw new Error(`go mod download ${module} failed: ${answer.Error ?? 'its answer names no Dir'}`);
  return answer.Dir;
}

export function copyWritable(from: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
  makeWritable(to); // the copy keeps the module cache's read-only modes
}

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(child);
    else if (entry.isFile()) fs.chmodSync(child, 0o644);
  }
}
