import { OPERATOR_RBAC_RULES } from '../../../services/operator/rbac';
import { find, ofKind } from './support/objects';
import { renderChart } from './support/render-chart';

type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[] };

// Every (group, resource, verb) a list of rules allows, for comparing rule lists however they are grouped.
function permissions(rules: Rule[]): string[] {
  const all = rules.flatMap((rule) =>
    (rule.apiGroups ?? []).flatMap((group) =>
      (rule.resources ?? []).flatMap((resource) => rule.verbs.map((verb) => `${group}/${resource}:${verb}`)),
    ),
  );
  return [...new Set(all)].sort();
}

describe('operator RBAC', () => {
  it('grants the operator least privilege in the release namespace only', async () => {
    const objects = await renderChart();
    expect(ofKind(objects, 'ClusterRole')).toEqual([]);
    expect(ofKind(objects, 'ClusterRoleBinding')).toEqual([]);
    const role = find(objects, 'Role', 'sh-streamhub-operator');
    expect(permissions(role.rules as Rule[])).toContain('coordination.k8s.io/leases:update');
  });

  it('grants exactly the permissions the operator uses (services/operator/rbac.ts), no more', async () => {
    const rules = find(await renderChart(), 'Role', 'sh-streamhub-operator').rules as Rule[];
    expect(permissions(rules)).toEqual(permissions(OPERATOR_RBAC_RULES));
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
