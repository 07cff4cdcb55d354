// Renders charts/streamhub with the real helm binary (HELM_BIN) and parses the output as plain YAML
// (client-node's loadAllYaml would turn objects into its models, renaming fields such as `from`), so chart
// tests assert on the objects Kubernetes would receive. Shared with the Tilt tests.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadAll } from 'js-yaml';
import { requireTestEnv } from '../../../../services/internal/testing/require-env';
import type { KubeObject } from './objects';

const execFileAsync = promisify(execFile);

export const CHART_DIR = path.resolve(__dirname, '..', '..');
export const REPO_DIR = path.resolve(CHART_DIR, '..', '..');
export const CI_VALUES_DIR = path.join(CHART_DIR, 'ci');
export const CRDS_DIR = path.join(CHART_DIR, 'crds');
// The Kubernetes version the project tests against (the test API server's).
export const KUBE_VERSION = process.env.KUBE_VERSION ?? '1.34.3';
export const SERVICE_MONITOR_API = 'monitoring.coreos.com/v1/ServiceMonitor';

export interface RenderOptions {
  /** Values files, absolute or relative to the repository root, applied in order. */
  valuesFiles?: string[];
  /** Values set as JSON (`--set-json key=<json>`), so numbers and booleans keep their types. */
  set?: Record<string, unknown>;
  /** API versions the pretend cluster serves besides the built-in ones (`--api-versions`). */
  apiVersions?: string[];
  releaseName?: string;
  namespace?: string;
  includeCrds?: boolean;
}

export interface HelmResult {
  stdout: string;
  stderr: string;
}

export function helmBinary(): string {
  return requireTestEnv(['HELM_BIN']).HELM_BIN;
}

export async function runHelm(args: string[]): Promise<HelmResult> {
  const { stdout, stderr } = await execFileAsync(helmBinary(), args, {
    cwd: REPO_DIR,
    maxBuffer: 64 * 1024 * 1024,
    // Keep helm away from the user's repositories and caches.
    env: { ...process.env, HELM_CACHE_HOME: '/tmp/streamhub-helm-cache' },
  });
  return { stdout, stderr };
}

/** The `--values`/`--set-json`/`--api-versions` arguments of helm template, install and upgrade. */
export function valuesArgs(options: RenderOptions): string[] {
  const args: string[] = [];
  for (const file of options.valuesFiles ?? []) args.push('--values', path.resolve(REPO_DIR, file));
  for (const [key, value] of Object.entries(options.set ?? {}))
    args.push('--set-json', `${key}=${JSON.stringify(value)}`);
  for (const api of options.apiVersions ?? []) args.push('--api-versions', api);
  return args;
}

function templateArgs(options: RenderOptions): string[] {
  return [
    'template',
    options.releaseName ?? 'sh',
    CHART_DIR,
    '--namespace',
    options.namespace ?? 'streamhub',
    '--kube-version',
    KUBE_VERSION,
    ...(options.includeCrds ? ['--include-crds'] : []),
    ...valuesArgs(options),
  ];
}

/** Renders the chart and returns every object, hooks included (helm template keeps them). */
export async function renderChart(options: RenderOptions = {}): Promise<KubeObject[]> {
  const { stdout } = await renderChartText(options);
  return (loadAll(stdout) as (KubeObject | null)[]).filter((object): object is KubeObject => Boolean(object));
}

export async function renderChartText(options: RenderOptions = {}): Promise<HelmResult> {
  return runHelm(templateArgs(options));
}

/** Renders a chart that must be refused and returns helm's error output. */
export async function renderChartFailure(options: RenderOptions): Promise<string> {
  try {
    await runHelm(templateArgs(options));
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    if (stderr === undefined) throw error;
    return stderr;
  }
  throw new Error(`helm template succeeded with ${JSON.stringify(options)}, expected a refusal`);
}
