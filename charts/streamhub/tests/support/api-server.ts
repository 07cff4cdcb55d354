// Hands rendered objects to the real test kube-apiserver (KUBECONFIG): CRDs applied for real,
// everything else server-side applied with dryRun=All, so the API server validates each object
// (schemas, CRD OpenAPI, admission) without keeping it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { ApiextensionsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { loadAll } from 'js-yaml';
import { eventually } from '../../../../services/internal/testing/eventually';
import { requireTestEnv } from '../../../../services/internal/testing/require-env';
import { objectRef, type KubeObject } from './objects';
import { CRDS_DIR } from './render-chart';

const FIELD_MANAGER = 'streamhub-chart-tests';

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
    (loadAll(fs.readFileSync(file, 'utf8')) as (KubeObject | null)[]).filter((object): object is KubeObject =>
      Boolean(object),
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
 * Server-side applies every object exactly as rendered, with strict field validation (an unknown
 * or misspelled field is refused); returns one line per refused object (empty when all were
 * accepted), so a test shows every refusal at once. Raw requests on purpose: client-node's
 * object API would pass objects through its models, which drop fields they do not know.
 */
export async function applyToApiServer(
  kubeConfig: KubeConfig,
  objects: KubeObject[],
  options: ApplyOptions = {},
): Promise<string[]> {
  const discovery = new Discovery(kubeConfig);
  const failures: string[] = [];
  for (const object of objects) {
    try {
      const resource = await discovery.resource(object.apiVersion!, object.kind);
      const namespace = resource.namespaced ? (object.metadata.namespace ?? options.namespace) : undefined;
      if (resource.namespaced && !namespace) throw new Error('no namespace given');
      const query = new URLSearchParams({
        fieldManager: FIELD_MANAGER,
        force: 'true',
        fieldValidation: 'Strict',
      });
      if (options.dryRun !== false) query.set('dryRun', 'All');
      const body = { ...object, metadata: { ...object.metadata, ...(namespace ? { namespace } : {}) } };
      await kubeRequest(kubeConfig, {
        method: 'PATCH',
        path: `${resourcePath(object.apiVersion!, resource.name, namespace)}/${object.metadata.name}?${query.toString()}`,
        contentType: 'application/apply-patch+yaml',
        body: JSON.stringify(body),
      });
    } catch (error) {
      failures.push(`${objectRef(object)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failures;
}

function resourcePath(apiVersion: string, plural: string, namespace: string | undefined): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return namespace ? `${base}/namespaces/${namespace}/${plural}` : `${base}/${plural}`;
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/** Maps apiVersion + kind to the resource's plural and scope, asking the API server once per group version. */
class Discovery {
  private readonly byGroupVersion = new Map<string, Promise<ApiResource[]>>();

  constructor(private readonly kubeConfig: KubeConfig) {}

  async resource(apiVersion: string, kind: string): Promise<ApiResource> {
    let resources = this.byGroupVersion.get(apiVersion);
    if (!resources) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      resources = kubeRequest(this.kubeConfig, { method: 'GET', path }).then(
        (text) => (JSON.parse(text) as { resources: ApiResource[] }).resources,
      );
      this.byGroupVersion.set(apiVersion, resources);
    }
    const found = (await resources).find(
      (resource) => resource.kind === kind && !resource.name.includes('/'),
    );
    if (!found) throw new Error(`the API server does not serve ${kind} in ${apiVersion}`);
    return found;
  }
}

interface KubeRequest {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
}

/** One request to the API server with the kubeconfig's credentials; rejects with the API's message on >= 300. */
export async function kubeRequest(kubeConfig: KubeConfig, request: KubeRequest): Promise<string> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig names no current cluster');
  const url = new URL(request.path, cluster.server);
  const options: https.RequestOptions = {
    method: request.method,
    hostname: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    headers: {
      Accept: 'application/json',
      ...(request.contentType ? { 'Content-Type': request.contentType } : {}),
    },
  };
  await kubeConfig.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const outgoing = https.request(options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((response.statusCode ?? 500) < 300) return resolve(text);
        let message = text;
        try {
          message = (JSON.parse(text) as { message?: string }).message ?? text;
        } catch {
          // Not a Status object: keep the raw text.
        }
        reject(new Error(`${response.statusCode}: ${message}`));
      });
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
