// Small lookups over rendered objects, so chart tests read like the behaviour they check.
import type { KubernetesObject } from '@kubernetes/client-node';

// Rendered objects are plain YAML: tests reach into them freely and let the assertions check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

export type KubeObject = KubernetesObject & {
  kind: string;
  metadata: { name: string };
  [field: string]: Loose;
};

export type Container = Record<string, Loose>;

interface PodTemplateOwner {
  spec: { template: { spec: { containers: Container[] } } };
}

export function ofKind(objects: KubeObject[], kind: string): KubeObject[] {
  return objects.filter((object) => object.kind === kind);
}

export function find(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) {
    const names = ofKind(objects, kind).map((object) => object.metadata.name);
    throw new Error(`no ${kind} named ${name}; rendered: ${names.join(', ') || 'none'}`);
  }
  return found;
}

export function component(object: KubeObject): string | undefined {
  return object.metadata.labels?.['app.kubernetes.io/component'];
}

export function isHook(object: KubeObject): boolean {
  return Boolean(object.metadata.annotations?.['helm.sh/hook']);
}

export function objectRef(object: KubeObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

/** The one container of a workload (Deployment, StatefulSet or Job). */
export function mainContainer(workload: KubeObject): Container {
  const container = (workload as unknown as PodTemplateOwner).spec.template.spec.containers[0];
  if (!container) throw new Error(`${objectRef(workload)} has no container`);
  return container;
}

/** The environment of a container as name -> value, or name -> `secret:<name>/<key>` for secret refs. */
export function envOf(container: {
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef;
    env[entry.name] = ref ? `secret:${ref.name}/${ref.key}` : (entry.value ?? '');
  }
  return env;
}
