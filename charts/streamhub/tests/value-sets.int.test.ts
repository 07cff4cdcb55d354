import fs from 'node:fs';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  applyToApiServer,
  chartCrds,
  createTestNamespace,
  installCrds,
  kubeConfigFromEnv,
  loadYamlFiles,
} from './support/api-server';
import { objectRef } from './support/objects';
import { renderChart, SERVICE_MONITOR_API } from './support/render-chart';
import { allValueSets, TILT_DEV_VALUES, type ValueSet } from './support/value-sets';

const SERVICE_MONITOR_CRD = path.join(
  __dirname,
  'support',
  'fixtures',
  'servicemonitors.monitoring.coreos.com.yaml',
);

function render(set: ValueSet, namespace: string) {
  return renderChart({
    valuesFiles: [set.file],
    namespace,
    apiVersions: set.needsServiceMonitorApi ? [SERVICE_MONITOR_API] : [],
    includeCrds: true,
  });
}

describe('every value set against the real kube-apiserver', () => {
  let kubeConfig: KubeConfig;

  beforeAll(async () => {
    kubeConfig = kubeConfigFromEnv();
    // Custom resources are validated against their CRD, so the CRDs must exist first.
    await installCrds(kubeConfig, [...chartCrds(), ...loadYamlFiles([SERVICE_MONITOR_CRD])]);
  });

  it('includes the Tilt dev values', () => {
    expect(fs.existsSync(TILT_DEV_VALUES)).toBe(true);
  });

  it.each(allValueSets().map((set) => [set.name, set] as const))(
    'renders %s and the API server accepts every object (dry-run server-side apply, strict fields)',
    async (_name, set) => {
      const namespace = await createTestNamespace(kubeConfig, 'chart-values');
      const objects = await render(set, namespace);
      expect(objects.length).toBeGreaterThan(10);
      for (const object of objects) {
        expect(object.apiVersion).toBeTruthy();
        expect(object.metadata.name).toBeTruthy();
      }
      const kinds = new Set(objects.map((object) => object.kind));
      expect([...kinds]).toEqual(
        expect.arrayContaining(['CustomResourceDefinition', 'Deployment', 'StreamHubPlatform']),
      );
      const failures = await applyToApiServer(kubeConfig, objects, { namespace });
      expect(failures).toEqual([]);
    },
  );

  it('refuses an object the API server would refuse (the check is real)', async () => {
    const namespace = await createTestNamespace(kubeConfig, 'chart-values');
    const [deployment] = (await renderChart({ namespace })).filter((object) => object.kind === 'Deployment');
    if (!deployment) throw new Error('no Deployment rendered');
    const broken = structuredClone(deployment);
    broken.spec.template.spec.containers[0].livenessProbe.httpGet.prot = 'http';
    const failures = await applyToApiServer(kubeConfig, [broken], { namespace });
    expect(failures).toEqual([expect.stringContaining(`${objectRef(deployment)}: `)]);
    expect(failures[0]).toContain('prot');
  });
});
