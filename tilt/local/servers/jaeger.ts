// Jaeger v2 on 127.0.0.1: receives the app's spans over OTLP (HTTP and gRPC)
// and keeps them in memory for its query API on the UI port. In memory
// because traces are for looking at the run in front of you: a restart
// starting empty is fine, and nothing is written to disk.
import fs from 'node:fs';
import path from 'node:path';
import { HOST } from '../ports';
import { startServer, type RunningServer } from './process';
import { serverPaths } from './runtime';

export interface JaegerOptions {
  runtimeDir: string;
  otlpHttpPort: number;
  otlpGrpcPort: number;
  uiPort: number; // the query API (and the UI page) over HTTP
  queryGrpcPort: number;
  binary: string;
  signal?: AbortSignal;
}

export type JaegerServer = RunningServer & { otlpEndpoint: string; uiUrl: string };

// Spans kept before the oldest trace is dropped: plenty for a local session,
// bounded so a long `npm start` does not grow without limit.
const MAX_TRACES = 50_000;

// /api/services is the query API's own JSON ({"data": [...]}): a foreign web
// server on the port fails this, not just a closed port.
export async function checkJaeger(uiPort: number): Promise<void> {
  const response = await fetch(`${jaegerUiUrl(uiPort)}/api/services`, { signal: AbortSignal.timeout(1000) });
  if (response.status !== 200) throw new Error(`GET /api/services answered ${response.status}`);
  const body = (await response.json()) as { data?: unknown };
  if (!Array.isArray(body.data) && body.data !== null)
    throw new Error('GET /api/services is not Jaeger’s answer');
}

// Jaeger v2's all-in-one layout (an OpenTelemetry Collector config): the
// OTLP receiver into the jaeger_storage exporter, the jaeger_query extension
// reading the same memory store. Every listener is on loopback; Jaeger's
// other defaults (Jaeger/Zipkin receivers, remote sampling, health check,
// its own Prometheus metrics on 8888) are left out, so it opens only the
// ports the stack names.
export function jaegerConfig(opts: Omit<JaegerOptions, 'runtimeDir' | 'binary' | 'signal'>): string {
  return [
    'service:',
    '  extensions: [jaeger_storage, jaeger_query]',
    '  pipelines:',
    '    traces:',
    '      receivers: [otlp]',
    '      processors: [batch]',
    '      exporters: [jaeger_storage_exporter]',
    '  telemetry:',
    '    resource:',
    '      service.name: jaeger',
    '    metrics:',
    '      level: none',
    '    logs:',
    '      level: info',
    '',
    'extensions:',
    '  jaeger_storage:',
    '    backends:',
    '      memstore:',
    '        memory:',
    `          max_traces: ${MAX_TRACES}`,
    '  jaeger_query:',
    '    storage:',
    '      traces: memstore',
    '    http:',
    `      endpoint: ${HOST}:${opts.uiPort}`,
    '    grpc:',
    `      endpoint: ${HOST}:${opts.queryGrpcPort}`,
    '',
    'receivers:',
    '  otlp:',
    '    protocols:',
    '      grpc:',
    `        endpoint: ${HOST}:${opts.otlpGrpcPort}`,
    '      http:',
    `        endpoint: ${HOST}:${opts.otlpHttpPort}`,
    '',
    'processors:',
    '  batch:',
    '',
    'exporters:',
    '  jaeger_storage_exporter:',
    '    trace_storage: memstore',
    '',
  ].join('\n');
}

export async function start(opts: JaegerOptions): Promise<JaegerServer> {
  const { dataDir } = serverPaths(opts.runtimeDir, 'jaeger');
  // Written on every start, so a port moved with STREAMHUB_JAEGER_*_PORT takes effect.
  const configFile = path.join(dataDir, 'config.yaml');
  fs.writeFileSync(configFile, jaegerConfig(opts));
  const server = await startServer(
    {
      name: 'jaeger',
      command: opts.binary,
      args: ['--config', configFile],
      runtimeDir: opts.runtimeDir,
    },
    { check: () => checkJaeger(opts.uiPort), timeoutMs: 30_000, signal: opts.signal },
  );
  return { ...server, otlpEndpoint: jaegerOtlpEndpoint(opts.otlpHttpPort), uiUrl: jaegerUiUrl(opts.uiPort) };
}

// What OTEL_EXPORTER_OTLP_ENDPOINT names: the OTLP/HTTP base URL (the SDK adds /v1/traces).
export const jaegerOtlpEndpoint = (port: number): string => `http://${HOST}:${port}`;
export const jaegerUiUrl = (port: number): string => `http://${HOST}:${port}`;
