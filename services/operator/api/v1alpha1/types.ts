// The streamhub.io/v1alpha1 resources as the operator reads them. The
// OpenAPI schemas (with defaults and validation) are the CRDs in
// charts/streamhub/crds/; the API server applies their defaults, so the
// fields those schemas default are required here.
import type { KubernetesObject, V1ObjectMeta } from '@kubernetes/client-node';

export const GROUP = 'streamhub.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

interface Resource<Spec, Status> extends KubernetesObject {
  metadata: V1ObjectMeta & { name: string; namespace: string };
  spec: Spec;
  status?: Status;
}

export const SEARCH_ATTRIBUTE_TYPES = [
  'Keyword',
  'Text',
  'Int',
  'Double',
  'Bool',
  'Datetime',
  'KeywordList',
] as const;
export type SearchAttributeType = (typeof SEARCH_ATTRIBUTE_TYPES)[number];

export interface StreamHubPlatformSpec {
  bucket: {
    name: string;
    abortIncompleteMultipartUploadDays: number;
    notification: { arn: string; prefix: string };
  };
  kafka: { topics?: Array<{ name: string; partitions: number; retentionHours: number }> };
  temporal: {
    namespace: string;
    retentionDays: number;
    searchAttributes: Array<{ name: string; type: SearchAttributeType }>;
  };
  migrations: { apply: boolean };
}

export interface StreamHubPlatformStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  appliedMigration?: string;
}

export type StreamHubPlatform = Resource<StreamHubPlatformSpec, StreamHubPlatformStatus>;

export interface PlanSpec {
  displayName: string;
  storageQuota: string | number;
  maxFileSize: string | number;
  trashRetentionDays: number;
  periodDays: number;
  priceCents: number;
  default?: boolean;
}

export interface PlanStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  planId?: string;
}

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
