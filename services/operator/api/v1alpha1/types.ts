// The streamhub.io/v1alpha1 resources as the operator reads them. Their
// specs and statuses are generated (npm run generate) from the CRDs in
// charts/streamhub/crds/, the one source of the schema; the API server
// applies the CRDs' defaults, so the fields those schemas default are
// required here.
import type { KubernetesObject, V1ObjectMeta } from '@kubernetes/client-node';
import type { PlanSpec, PlanStatus } from './generated/plans';
import type {
  Condition,
  StreamHubPlatformSpec,
  StreamHubPlatformStatus,
} from './generated/streamhubplatforms';

export const GROUP = 'streamhub.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

export type { Condition, PlanSpec, PlanStatus, StreamHubPlatformSpec, StreamHubPlatformStatus };

interface Resource<Spec, Status> extends KubernetesObject {
  metadata: V1ObjectMeta & { name: string; namespace: string };
  spec: Spec;
  status?: Status;
}

export type SearchAttributeType = StreamHubPlatformSpec['temporal']['searchAttributes'][number]['type'];

export type StreamHubPlatform = Resource<StreamHubPlatformSpec, StreamHubPlatformStatus>;

export type Plan = Resource<PlanSpec, PlanStatus>;

/** Where each kind lives in the API, for informers and status patches. */
export interface ResourceKind {
  kind: string;
  plural: string;
}

export const PLATFORM_KIND: ResourceKind = { kind: 'StreamHubPlatform', plural: 'streamhubplatforms' };
export const PLAN_KIND: ResourceKind = { kind: 'Plan', plural: 'plans' };

export const PLATFORM_FINALIZER = 'streamhub.io/keep-platform-data';
export const PLAN_FINALIZER = 'streamhub.io/retire-plan';
