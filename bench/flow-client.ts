// Runs bench/load/flow.ts as a process of its own (the external load
// generator for multi-request flows) and reads its FLOW_RESULT line.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { RESULT_PREFIX, type FlowConfig, type FlowResult } from './load/flow';
import { stopping } from './support';

// Compiled next to this file: dist/bench/flow-client.js -> dist/bench/load/flow.js.
const FLOW_SCRIPT = path.join(__dirname, 'load', 'flow.js');

export function parseFlowResult(stdout: string): FlowResult {
  const line = stdout.split('\n').find((text) => text.startsWith(RESULT_PREFIX));
  if (!line) throw new Error(`the flow printed no ${RESULT_PREFIX.trim()} line:\n${stdout.slice(0, 2000)}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as FlowResult;
}

export async function runFlow(config: FlowConfig): Promise<FlowResult> {
  const child = spawn(process.execPath, [FLOW_SCRIPT, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const onAbort = () => child.kill('SIGTERM');
  stopping.signal.addEventListener('abort', onAbort, { once: true });
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  }).finally(() => stopping.signal.removeEventListener('abort', onAbort));
  if (stopping.signal.aborted) throw new Error('interrupted');
  if (code !== 0) throw new Error(`the ${config.mode} flow exited ${code}: ${stderr.trim().slice(0, 2000)}`);
  return parseFlowResult(stdout);
}
