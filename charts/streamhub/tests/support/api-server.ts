// Hands rendered objects to the real test kube-apiserver (KUBECONFIG): CRDs applied for real,
// everything else server-side applied with dryRun=All, so the API server validates each object
// (schemas, CRD OpenAPI, admission) without keeping it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  ApiextensionsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  loadAllYaml,
} from '@kubernetes/client-node';
import { eventually } from '../../../../services/internal/testing/eventually';
import { requireTestEnv } from '../../../../services/internal/testing/require-env';
import { objectRef, type KubeObject } from './objects';
import { CRDS_DIR } from './render-chart';

const FIELD_MANAGER = 'streamhub-chart-tests';
// Cluster-scoped kinds the chart can render (with --include-crds); everything else is namespaced.
const CLUSTER_SCOPED = new Set(['CustomResourceDefinition', 'Namespace', 'ClusterRole', 'ClusterRoleBinding']);

export function kubeConfigFromEnv(): KubeConfig {
  const { KUBECONFIG } = requireTestEnv(['KUBECONFIG']);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(KUBECONFIG);
  return kubeConfig;
}

/** A fresh namespace per test: the test API server never deletes namespaces, so names never repeat. */
export async function createTestNamespace(kubeConfig: KubeConfig, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  await kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
  return name;
}

export function loadYamlFiles(paths: string[]): KubeObject[] {
  return paths.flatMap((file) =>
    (loadAllYaml(fs.readFileSync(file, 'utf8')) as (KubeObject | null)[]).filter(
      (object): object is KubeObject => Boolean(object),
    ),
  );
}

export function chartCrds(): KubeObject[] {
  const files = fs
    .readdirSync(CRDS_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => path.join(CRDS_DIR, file));
  return loadYamlFiles(files);
}

/** Applies CRDs for real (custom resources can only be validated once their CRD exists) and waits until they are served. */
export async function installCrds(kubeConfig: KubeConfig, crds: KubeObject[]): Promise<void> {
  const failures = await applyToApiServer(kubeConfig, crds, { dryRun: false });
  if (failures.length > 0) throw new Error(`CRDs refused:\n${failures.join('\n')}`);
  const extensions = kubeConfig.makeApiClient(ApiextensionsV1Api);
  for (const crd of crds) {
    await eventually(async () => {
      const current = await extensions.readCustomResourceDefinition({ name: crd.metadata.name });
      const established = current.status?.conditions?.some(
        (condition) => condition.type === 'Established' && condition.status === 'True',
      );
      return established ? true : undefined;
    }, `CRD ${crd.metadata.name} to be established`);
  }
}

export interface ApplyOptions {
  /** Namespace for namespaced objects that name none. */
  namespace?: string;
  /** true (default): the API server validates but keeps nothing. */
  dryRun?: boolean;
}

/**
 * Server-side applies every object; returns one line per refused object (empty when all were
 * accepted), so a test shows every refusal at once.
 */
export async function applyToApiServer(
  kubeConfig: KubeConfig,
  objects: KubeObject[],
  options: ApplyOptions = {},
): Promise<string[]> {
  const client = KubernetesObjectApi.makeApiClient(kubeConfig);
  const failures: string[] = [];
  for (const object of objects) {
    const body: KubeObject = structuredClone(object);
    if (!CLUSTER_SCOPED.has(body.kind) && !body.metadata.namespace && options.namespace)
      body.metadata.namespace = options.namespace;
    try {
      await client.patch(
        body,
        undefined,
        options.dryRun === false ? undefined : 'All',
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      );
    } catch (error) {
      failures.push(`${objectRef(object)}: ${apiErrorMessage(error)}`);
    }
  }
  return failures;
}

function apiErrorMessage(error: unknown): string {
  const body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      return (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      return body;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
