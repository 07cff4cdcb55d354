// Runs the real Tiltfile through `tilt alpha tiltfile-result` (TILT_BIN), the
// way `tilt up` loads it but without a cluster, and returns Tilt's JSON view
// of it. PATH is built from scratch so each test decides which tools exist:
// the real helm (HELM_BIN, the Tiltfile renders the chart with it) and tiny
// stand-ins for docker, node, kubectl and kind, which the Tiltfile only looks for.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { dump } from 'js-yaml';
import { requireTestEnv } from '../../../services/internal/testing/require-env';

const execFileAsync = promisify(execFile);

export const REPO_DIR = path.resolve(__dirname, '..', '..', '..');
export const STAND_IN_TOOLS = ['docker', 'node', 'kubectl', 'kind'] as const;

export interface EvaluateOptions {
  /** Contents of the settings file (tilt/settings.yaml); default: none, the Tiltfile's defaults. */
  settings?: Record<string, unknown>;
  /** Stand-in tools to leave off PATH. */
  withoutTools?: string[];
  /** Leave helm off PATH. */
  withoutHelm?: boolean;
  /** Current kubeconfig context; default kind-streamhub (what tilt/ctlptl.yaml creates). */
  context?: string;
}

// Tilt's own JSON (an unstable upstream API): the fields every test needs are
// typed, the build and deploy targets are reached into freely.
export interface TiltManifest {
  Name: string;
  Labels: Record<string, string>;
  ResourceDependencies: string[] | null;
  TriggerMode: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ImageTargets: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  DeployTarget?: any;
}

export interface TiltfileJson {
  Manifests: TiltManifest[];
  Error?: unknown;
}

export interface TiltfileResult {
  exitCode: number;
  stderr: string;
  json?: TiltfileJson;
}

export async function evaluateTiltfile(options: EvaluateOptions = {}): Promise<TiltfileResult> {
  const { TILT_BIN, HELM_BIN } = requireTestEnv(['TILT_BIN', 'HELM_BIN']);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamhub-tiltfile-'));
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: makeToolDir(workDir, HELM_BIN, options),
      HOME: workDir,
      KUBECONFIG: writeKubeconfig(workDir, options.context ?? 'kind-streamhub'),
      // Keep Tilt from phoning home and helm away from the user's caches.
      TILT_DISABLE_ANALYTICS: '1',
      HELM_CACHE_HOME: path.join(workDir, 'helm-cache'),
      HELM_CONFIG_HOME: path.join(workDir, 'helm-config'),
      HELM_DATA_HOME: path.join(workDir, 'helm-data'),
    };
    if (options.settings) {
      env.STREAMHUB_TILT_SETTINGS = path.join(workDir, 'settings.yaml');
      fs.writeFileSync(env.STREAMHUB_TILT_SETTINGS, dump(options.settings));
    }
    try {
      const { stdout, stderr } = await execFileAsync(
        TILT_BIN,
        ['alpha', 'tiltfile-result', '--file', 'Tiltfile'],
        {
          cwd: REPO_DIR,
          env,
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      return { exitCode: 0, stderr, json: JSON.parse(stdout) as TiltfileJson };
    } catch (error) {
      const { code, stderr } = error as { code?: number; stderr?: string };
      if (typeof code !== 'number') throw error;
      return { exitCode: code, stderr: stderr ?? '', json: undefined };
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

// Tilt runs local() and helm through `sh`, so the shell is the one real
// program besides helm; the stand-ins only have to exist.
function makeToolDir(workDir: string, helm: string, options: EvaluateOptions): string {
  const bin = path.join(workDir, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync('/bin/sh', path.join(bin, 'sh'));
  if (!options.withoutHelm) fs.symlinkSync(helm, path.join(bin, 'helm'));
  for (const tool of STAND_IN_TOOLS) {
    if (options.withoutTools?.includes(tool)) continue;
    fs.writeFileSync(path.join(bin, tool), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  }
  return bin;
}

// A kubeconfig whose cluster is never contacted: evaluating a Tiltfile reads
// only the context's name.
function writeKubeconfig(workDir: string, context: string): string {
  const file = path.join(workDir, 'kubeconfig');
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: context, cluster: { server: 'https://127.0.0.1:1' } }],
    users: [{ name: context, user: { token: 'unused' } }],
    contexts: [{ name: context, context: { cluster: context, user: context } }],
    'current-context': context,
  };
  fs.writeFileSync(file, dump(kubeconfig));
  return file;
}

export function manifest(result: TiltfileResult, name: string): TiltManifest {
  const manifests = result.json?.Manifests ?? [];
  const found = manifests.find((m) => m.Name === name);
  if (!found) {
    const names = manifests.map((m) => m.Name).join(', ');
    throw new Error(
      `no Tilt resource named ${name}; resources: ${names || 'none'} (stderr: ${result.stderr})`,
    );
  }
  return found;
}

export function manifestNames(result: TiltfileResult): string[] {
  return (result.json?.Manifests ?? []).map((m) => m.Name);
}
