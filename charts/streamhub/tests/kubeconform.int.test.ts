import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { KubeConfig } from '@kubernetes/client-node';
import { dump } from 'js-yaml';
import { eventually } from '../../../services/internal/testing/eventually';
import { requireTestEnv } from '../../../services/internal/testing/require-env';
import { chartCrds, installCrds, kubeConfigFromEnv, kubeRequest, loadYamlFiles } from './support/api-server';
import { SCHEMA_LOCATION_TEMPLATE, writeKubeconformSchemas } from './support/kubeconform-schemas';
import { KUBE_VERSION, renderChart, SERVICE_MONITOR_API } from './support/render-chart';
import { allValueSets } from './support/value-sets';

const execFileAsync = promisify(execFile);
const SERVICE_MONITOR_CRD = path.join(
  __dirname,
  'support',
  'fixtures',
  'servicemonitors.monitoring.coreos.com.yaml',
);

interface KubeconformReport {
  resources: { filename: string; kind: string; name: string; status: string; msg: string }[];
  summary: { valid: number; invalid: number; errors: number; skipped: number };
}

async function kubeconform(binary: string, schemaDir: string, manifests: string): Promise<KubeconformReport> {
  const file = path.join(schemaDir, '..', `manifests-${Date.now()}-${Math.random()}.yaml`);
  fs.writeFileSync(file, manifests);
  const args = [
    '-strict',
    '-output',
    'json',
    '-verbose',
    '-summary',
    '-kubernetes-version',
    KUBE_VERSION,
    '-schema-location',
    path.join(schemaDir, SCHEMA_LOCATION_TEMPLATE),
    file,
  ];
  try {
    const { stdout } = await execFileAsync(binary, args, { maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout) as KubeconformReport;
  } catch (error) {
    // kubeconform exits 1 when something is invalid; its JSON report is still on stdout.
    const { stdout } = error as { stdout?: string };
    if (!stdout) throw error;
    return JSON.parse(stdout) as KubeconformReport;
  }
}

// The schemas come from the test API server's own /openapi/v2 (with the chart's CRDs installed), so
// kubeconform checks against Kubernetes 1.34 exactly, offline.
describe('kubeconform with schemas from the test API server', () => {
  let kubeConfig: KubeConfig;
  let schemaDir: string;
  let binary: string;

  beforeAll(async () => {
    binary = requireTestEnv(['KUBECONFORM_BIN']).KUBECONFORM_BIN;
    kubeConfig = kubeConfigFromEnv();
    await installCrds(kubeConfig, [...chartCrds(), ...loadYamlFiles([SERVICE_MONITOR_CRD])]);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'streamhub-kubeconform-'));
    schemaDir = path.join(root, 'schemas');
    // CRD schemas reach /openapi/v2 a moment after the CRD is established.
    const openapi = await eventually(async () => {
      const document = JSON.parse(await kubeRequest(kubeConfig, { method: 'GET', path: '/openapi/v2' })) as {
        definitions: Record<string, { [keyword: string]: unknown }>;
      };
      const served = [
        'io.streamhub.v1alpha1.Plan',
        'io.streamhub.v1alpha1.StreamHubPlatform',
        'com.coreos.monitoring.v1.ServiceMonitor',
      ];
      return served.every((name) => document.definitions[name]) ? document : undefined;
    }, 'the CRD schemas to appear in /openapi/v2');
    expect(writeKubeconformSchemas(openapi, schemaDir)).toBeGreaterThan(100);
  });

  it.each(allValueSets().map((set) => [set.name, set] as const))(
    'validates every object %s renders, CRDs and custom resources included',
    async (_name, set) => {
      const objects = await renderChart({
        valuesFiles: [set.file],
        includeCrds: true,
        apiVersions: set.needsServiceMonitorApi ? [SERVICE_MONITOR_API] : [],
      });
      const report = await kubeconform(
        binary,
        schemaDir,
        objects.map((object) => dump(object)).join('---\n'),
      );
      const problems = report.resources.filter((resource) => resource.status !== 'statusValid');
      expect(problems).toEqual([]);
      expect(report.summary.valid).toBe(objects.length);
    },
  );

  it('catches a misspelled field (the schemas are strict)', async () => {
    const [deployment] = (await renderChart()).filter((object) => object.kind === 'Deployment');
    if (!deployment) throw new Error('no Deployment rendered');
    deployment.spec.template.spec.containers[0].imagePullPolcy = 'Always';
    const report = await kubeconform(binary, schemaDir, dump(deployment));
    expect(report.summary.invalid).toBe(1);
    expect(report.resources[0]?.msg).toContain('imagePullPolcy');
  });
});
