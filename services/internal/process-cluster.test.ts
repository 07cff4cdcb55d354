import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformFileSync } from '@swc/core';

// node:cluster forks the running script, so the supervisor runs in a real
// child process: this file's module compiled to CommonJS beside a small
// script that plays main.ts (the primary supervises; each worker counts its
// own requests and stops on SIGTERM, as the platform does).

const NODE_MODULES = path.resolve(__dirname, '..', '..', 'node_modules');

const SCRIPT = `
const cluster = require('node:cluster');
const pino = require('pino');
const { Counter } = require('prom-client');
const {
  ClusterWorkerRegistry,
  everyWorkerStartedCheck,
  isClusterWorker,
  reportWorkerStarted,
  superviseCluster,
} = require('./process-cluster.js');

if (!isClusterWorker()) {
  superviseCluster({ workers: 2, logger: pino({ level: 'silent' }) });
} else if (process.env.SCENARIO === 'readiness') {
  // Worker 2 takes a second longer to start: worker 1 must not call itself ready before it.
  const id = cluster.worker.id;
  const ready = everyWorkerStartedCheck();
  const poll = async () => {
    if (await ready()) return console.log('READY ' + id);
    setTimeout(poll, 20);
  };
  void poll();
  setTimeout(() => {
    console.log('STARTED ' + id);
    reportWorkerStarted();
  }, id === 2 ? 1000 : 0);
  process.on('SIGTERM', () => process.exit(0));
  setInterval(() => undefined, 1 << 30);
} else {
  const id = cluster.worker.id;
  const registry = new ClusterWorkerRegistry();
  new Counter({ name: 'test_requests_total', help: 'requests', registers: [registry] }).inc(id);
  process.on('SIGTERM', () => process.exit(0));
  if (process.env.FAIL_WORKER === String(id)) setTimeout(() => process.exit(3), 300);
  if (id === 1 && !process.env.FAIL_WORKER) {
    // Worker 1 answers /metrics: it must see both workers' counts (1 + 2).
    const poll = async () => {
      const text = await registry.metrics();
      const total = /^test_requests_total (\\d+)/m.exec(text);
      if (total && total[1] === '3') return console.log('AGGREGATED ' + total[1]);
      setTimeout(poll, 100);
    };
    void poll();
  }
  setInterval(() => undefined, 1 << 30);
}
`;

interface Run {
  stdout: string;
  code: number | null;
}

function runCluster(dir: string, env: Record<string, string>, stopWhen: (stdout: string) => boolean) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(dir, 'main.js')], {
      cwd: dir,
      env: { ...process.env, NODE_PATH: NODE_MODULES, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    let signalled = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the cluster did not finish in time; output: ${stdout}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!signalled && stopWhen(stdout)) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ stdout, code });
    });
  });
}

describe('the cluster supervisor (CLUSTER_WORKERS > 1)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'streamhub-cluster-'));
    const { code } = transformFileSync(path.join(__dirname, 'process-cluster.ts'), {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    writeFileSync(path.join(dir, 'process-cluster.js'), code);
    writeFileSync(path.join(dir, 'main.js'), SCRIPT);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /metrics in a worker with the sum over every worker, and stops them all on SIGTERM with 0', async () => {
    const run = await runCluster(dir, {}, (stdout) => stdout.includes('AGGREGATED'));
    expect(run.stdout).toContain('AGGREGATED 3');
    expect(run.code).toBe(0);
  });

  it('keeps every worker unready until every worker has started', async () => {
    const run = await runCluster(
      dir,
      { SCENARIO: 'readiness' },
      (stdout) => stdout.includes('READY 1') && stdout.includes('READY 2'),
    );
    const lines = run.stdout.trim().split('\n');
    expect(lines.slice(0, 2).sort()).toEqual(['STARTED 1', 'STARTED 2']);
    expect(lines.slice(2).sort()).toEqual(['READY 1', 'READY 2']);
    expect(run.code).toBe(0);
  });

  it('exits 1 when a worker dies unasked, after stopping the others', async () => {
    const run = await runCluster(dir, { FAIL_WORKER: '2' }, () => false);
    expect(run.code).toBe(1);
  });
});
