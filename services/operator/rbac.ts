import type { V1PolicyRule } from '@kubernetes/client-node';

/**
 * Everything the operator does with the Kubernetes API, as the rules of a
 * namespaced Role in the namespace it watches (it needs nothing
 * cluster-wide: the CRDs are installed by Helm). The chart's Role mirrors
 * this list; rbac.int.test.ts runs the operator under exactly these rules.
 */
export const OPERATOR_RBAC_RULES: V1PolicyRule[] = [
  // Informers list and watch; finalizers are merge patches.
  {
    apiGroups: ['streamhub.io'],
    resources: ['streamhubplatforms', 'plans'],
    verbs: ['list', 'watch', 'patch'],
  },
  // Status is server-side applied (a PATCH) on the status subresource.
  { apiGroups: ['streamhub.io'], resources: ['streamhubplatforms/status', 'plans/status'], verbs: ['patch'] },
  // Clusters with OwnerReferencesPermissionEnforcement check this when finalizers change.
  {
    apiGroups: ['streamhub.io'],
    resources: ['streamhubplatforms/finalizers', 'plans/finalizers'],
    verbs: ['update'],
  },
  // Events are created, and a repeated one is patched (count, lastTimestamp).
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  // Leader election: read, create once, then renew by replace.
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
];
