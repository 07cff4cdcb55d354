import {
  PatchStrategy,
  setHeaderOptions,
  type CustomObjectsApi,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { API_VERSION, GROUP, VERSION, type ResourceKind } from '../api/v1alpha1/types';

export const FIELD_MANAGER = 'streamhub-operator';

/** One streamhub.io kind in one namespace: list for the informer, finalizers, status. */
export class CustomResources<T extends KubernetesObject & { metadata: { name: string } }> {
  constructor(
    private readonly api: CustomObjectsApi,
    private readonly kind: ResourceKind,
    readonly namespace: string,
  ) {}

  get watchPath(): string {
    return `/apis/${GROUP}/${VERSION}/namespaces/${this.namespace}/${this.kind.plural}`;
  }

  async list(): Promise<KubernetesListObject<T>> {
    return (await this.api.listNamespacedCustomObject({
      ...this.where(),
    })) as KubernetesListObject<T>;
  }

  /**
   * Replaces the finalizer list. A merge patch carrying the resourceVersion
   * the reconciler read: if the object changed since, the API server
   * answers 409 and the key is retried with a fresh copy, so a finalizer
   * someone else added meanwhile is never dropped.
   */
  async setFinalizers(object: T, finalizers: string[]): Promise<T> {
    return (await this.api.patchNamespacedCustomObject(
      {
        ...this.where(),
        name: object.metadata.name,
        body: { metadata: { finalizers, resourceVersion: object.metadata.resourceVersion } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as T;
  }

  /**
   * Server-side applies the whole status as the operator's field manager:
   * the operator owns status, so `force` takes it over from anyone who
   * edited it by hand. The resourceVersion the status was computed from is
   * a precondition: a status built from a stale cached copy (whose
   * conditions' transition times are older) is refused with 409 instead of
   * overwriting a newer one.
   */
  async applyStatus(object: T, status: object): Promise<T> {
    const { name, resourceVersion } = object.metadata;
    return (await this.api.patchNamespacedCustomObjectStatus(
      {
        ...this.where(),
        name,
        body: { apiVersion: API_VERSION, kind: this.kind.kind, metadata: { name, resourceVersion }, status },
        fieldManager: FIELD_MANAGER,
        force: true,
      },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    )) as T;
  }

  private where() {
    return { group: GROUP, version: VERSION, namespace: this.namespace, plural: this.kind.plural };
  }
}
