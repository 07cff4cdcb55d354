// Runs the real promtool (PROMTOOL_BIN, built by tilt/local/install/promtool.ts)
// on a rules file written from test data: `promtool check rules` parses every
// expression with Prometheus's own PromQL parser and checks each rule's shape.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { dump } from 'js-yaml';
import { requireTestEnv } from '../../../../services/internal/testing/require-env';

const execFileAsync = promisify(execFile);

export interface RuleGroup {
  name: string;
  rules: Array<Record<string, unknown>>;
}

export interface PromtoolResult {
  ok: boolean;
  output: string; // stdout and stderr: promtool prints SUCCESS/FAILED and the parse errors
}

export async function checkRules(groups: RuleGroup[]): Promise<PromtoolResult> {
  const { PROMTOOL_BIN } = requireTestEnv(['PROMTOOL_BIN']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamhub-promtool-'));
  const file = path.join(dir, 'rules.yaml');
  try {
    fs.writeFileSync(file, dump({ groups }, { lineWidth: -1 }));
    // --lint-fatal: a duplicated rule is an error too, not a warning.
    const { stdout, stderr } = await execFileAsync(PROMTOOL_BIN, ['check', 'rules', '--lint-fatal', file]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout, stderr, code } = error as { stdout?: string; stderr?: string; code?: unknown };
    if (typeof code !== 'number') throw error; // promtool did not run at all
    return { ok: false, output: `${stdout ?? ''}${stderr ?? ''}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Grafana's built-in interval variables and the values a query gets for them:
// any duration makes the PromQL parse the same way.
const GRAFANA_INTERVALS = ['__rate_interval', '__interval', '__range'];

/**
 * A dashboard query as Prometheus would receive it: Grafana replaces `$name`,
 * `${name}` and `[[name]]` before sending. Throws on a variable it has no value
 * for, so the caller learns of it instead of promtool reporting a parse error.
 */
export function expandGrafanaVariables(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g, (match, braced, bare, bracketed) => {
    const name = (braced ?? bare ?? bracketed) as string;
    if (GRAFANA_INTERVALS.includes(name)) return '5m';
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the Grafana variable ${match} in: ${expr}`);
    return value;
  });
}
