// Everything the Tiltfile would apply to the kind cluster, taken from Tilt's
// own evaluation (the chart rendered with tilt/values-dev.yaml, namespaces
// set by Tilt), handed to the real test kube-apiserver: the namespace and the
// CRDs for real, every other object as a server-side dry run, so the API
// server validates each one (schemas, CRD OpenAPI, admission).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadAll } from 'js-yaml';
import {
  applyToApiServer,
  installCrds,
  kubeConfigFromEnv,
  loadYamlFiles,
} from '../../charts/streamhub/tests/support/api-server';
import { mainContainer, ofKind, type KubeObject } from '../../charts/streamhub/tests/support/objects';
import { evaluateTiltfile, REPO_DIR, type TiltManifest } from './testing/evaluate-tiltfile';

async function objectsTiltDeploys(settings: Record<string, unknown>): Promise<KubeObject[]> {
  const result = await evaluateTiltfile({ settings });
  if (result.exitCode !== 0) throw new Error(`the Tiltfile failed to load:\n${result.stderr}`);
  return (result.json?.Manifests ?? [])
    .map((m: TiltManifest) => m.DeployTarget?.yaml as string | undefined)
    .filter((yaml): yaml is string => Boolean(yaml))
    .flatMap((yaml) => (loadAll(yaml) as (KubeObject | null)[]).filter((o): o is KubeObject => Boolean(o)));
}

async function expectAcceptedByApiServer(kubeConfig: KubeConfig, objects: KubeObject[]): Promise<void> {
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  expect(namespaces).toHaveLength(1);
  expect(await applyToApiServer(kubeConfig, namespaces, { dryRun: false })).toEqual([]);
  await installCrds(
    kubeConfig,
    objects.filter((o) => o.kind === 'CustomResourceDefinition'),
  );
  const rest = objects.filter((o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition');
  expect(rest.length).toBeGreaterThan(20);
  expect(await applyToApiServer(kubeConfig, rest)).toEqual([]);
}

describe('what the Tiltfile deploys, checked by the real kube-apiserver', () => {
  let kubeConfig: KubeConfig;
  // The default dev loop (mode all, quick-start servers), evaluated once for the tests that read it.
  const namespace = `tilt-all-${randomBytes(4).toString('hex')}`;
  let defaultObjects: KubeObject[];
  beforeAll(async () => {
    kubeConfig = kubeConfigFromEnv();
    defaultObjects = await objectsTiltDeploys({ namespace });
  });

  it('accepts every object of the default dev loop (mode all, quick-start servers)', async () => {
    expect(defaultObjects.filter((o) => o.metadata.namespace && o.metadata.namespace !== namespace)).toEqual(
      [],
    );
    await expectAcceptedByApiServer(kubeConfig, defaultObjects);
  });

  it("lets a live update's restart inside the container take two minutes before liveness restarts it", () => {
    const windows = ofKind(defaultObjects, 'Deployment')
      .filter((deployment) => deployment.metadata.name.startsWith('streamhub-'))
      .map((deployment) => {
        const { livenessProbe } = mainContainer(deployment);
        return {
          name: deployment.metadata.name,
          seconds: (livenessProbe?.periodSeconds ?? 10) * (livenessProbe?.failureThreshold ?? 3),
        };
      });
    expect(windows.length).toBeGreaterThan(0);
    expect(windows.filter(({ seconds }) => seconds < 120)).toEqual([]);
  });

  it('accepts every object of the split dev loop (one Deployment per target)', async () => {
    const namespace = `tilt-split-${randomBytes(4).toString('hex')}`;
    const objects = await objectsTiltDeploys({ namespace, split: true });
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toContain(
      'streamhub-gateway',
    );
    await expectAcceptedByApiServer(kubeConfig, objects);
  });

  it('accepts the local-registry-hosting ConfigMap of the plain kind path', async () => {
    const objects = loadYamlFiles([path.join(REPO_DIR, 'tilt', 'local-registry-hosting.yaml')]);
    expect(objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'kube-public/local-registry-hosting',
    ]);
    expect(await applyToApiServer(kubeConfig, objects)).toEqual([]);
  });
});
