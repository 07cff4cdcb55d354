import { OPERATOR_RBAC_RULES } from '../../../services/operator/rbac';
import { find, ofKind } from './support/objects';
import { renderChart } from './support/render-chart';

describe('operator RBAC', () => {
  it('grants the operator least privilege in the release namespace only', async () => {
    const objects = await renderChart();
    expect(ofKind(objects, 'ClusterRole')).toEqual([]);
    expect(ofKind(objects, 'ClusterRoleBinding')).toEqual([]);
    expect(find(objects, 'Role', 'sh-streamhub-operator').rules).toEqual([
      {
        apiGroups: ['streamhub.io'],
        resources: ['streamhubplatforms', 'plans'],
        verbs: ['get', 'list', 'watch', 'update', 'patch'],
      },
      {
        apiGroups: ['streamhub.io'],
        resources: ['streamhubplatforms/status', 'plans/status'],
        verbs: ['get', 'update', 'patch'],
      },
      {
        apiGroups: ['streamhub.io'],
        resources: ['streamhubplatforms/finalizers', 'plans/finalizers'],
        verbs: ['update'],
      },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
    ]);
  });

  it('grants every permission the operator uses (services/operator/rbac.ts)', async () => {
    const rules = find(await renderChart(), 'Role', 'sh-streamhub-operator').rules as {
      apiGroups: string[];
      resources: string[];
      verbs: string[];
    }[];
    const granted = new Set(
      rules.flatMap((rule) =>
        rule.apiGroups.flatMap((group) =>
          rule.resources.flatMap((resource) => rule.verbs.map((verb) => `${group}/${resource}:${verb}`)),
        ),
      ),
    );
    const needed = OPERATOR_RBAC_RULES.flatMap((rule) =>
      (rule.apiGroups ?? []).flatMap((group) =>
        (rule.resources ?? []).flatMap((resource) =>
          rule.verbs.map((verb) => `${group}/${resource}:${verb}`),
        ),
      ),
    );
    expect(needed.filter((permission) => !granted.has(permission))).toEqual([]);
  });

  it("binds the Role to the operator's own ServiceAccount", async () => {
    const objects = await renderChart({ namespace: 'drive' });
    const binding = find(objects, 'RoleBinding', 'sh-streamhub-operator');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'sh-streamhub-operator',
    });
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'sh-streamhub-operator', namespace: 'drive' },
    ]);
    const deployment = find(objects, 'Deployment', 'sh-streamhub-operator');
    expect(deployment.spec.template.spec.serviceAccountName).toBe('sh-streamhub-operator');
    expect(find(objects, 'ServiceAccount', 'sh-streamhub-operator').automountServiceAccountToken).toBe(true);
    expect(find(objects, 'ServiceAccount', 'sh-streamhub-all').automountServiceAccountToken).toBe(false);
  });

  it('renders no operator, Role or binding when the operator is disabled', async () => {
    const objects = await renderChart({ set: { 'targets.operator.enabled': false } });
    expect(ofKind(objects, 'Role')).toEqual([]);
    expect(ofKind(objects, 'Deployment').map((deployment) => deployment.metadata.name)).toEqual([
      'sh-streamhub-all',
    ]);
  });
});
