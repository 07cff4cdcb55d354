import { RELEASE_CLEANUP_RBAC_RULES } from '../../../services/operator/release-cleanup';
import { component, find, isHook, mainContainer, ofKind } from './support/objects';
import { renderChart } from './support/render-chart';

type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[] };

const permissions = (rules: Rule[]) =>
  rules
    .flatMap((rule) =>
      (rule.apiGroups ?? []).flatMap((group) =>
        (rule.resources ?? []).flatMap((resource) =>
          rule.verbs.map((verb) => `${group}/${resource}:${verb}`),
        ),
      ),
    )
    .sort();

describe('the release-cleanup hook (helm uninstall)', () => {
  it('deletes the release’s custom resources before helm deletes the operator: a pre-delete Job', async () => {
    const objects = await renderChart({ namespace: 'drive', set: { 'image.tag': '1.2.3' } });
    const job = find(objects, 'Job', 'sh-streamhub-release-cleanup');
    expect(job.metadata.annotations).toMatchObject({
      'helm.sh/hook': 'pre-delete',
      'helm.sh/hook-weight': '0',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    });
    expect(mainContainer(job)).toMatchObject({
      image: 'streamhub:1.2.3',
      args: [
        'release-cleanup',
        '--namespace=drive',
        '--selector=app.kubernetes.io/instance=sh,app.kubernetes.io/name=streamhub',
        '--timeout-seconds=240',
      ],
    });
    // It waits the timeout itself; the deadline only stops a hung pod.
    expect(job.spec.activeDeadlineSeconds).toBe(300);
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(job.spec.template.spec.serviceAccountName).toBe('sh-streamhub-release-cleanup');
  });

  it('creates its ServiceAccount, Role and RoleBinding as pre-delete hooks of lower weight', async () => {
    const hooks = (await renderChart()).filter(
      (object) => isHook(object) && component(object) === 'release-cleanup',
    );
    expect(
      hooks.map((hook) => `${hook.kind}:${hook.metadata.annotations?.['helm.sh/hook-weight']}`).sort(),
    ).toEqual(['Job:0', 'Role:-10', 'RoleBinding:-10', 'ServiceAccount:-10']);
    for (const hook of hooks) expect(hook.metadata.annotations?.['helm.sh/hook']).toBe('pre-delete');
  });

  it('grants exactly what release-cleanup.ts uses: list and delete of the two kinds, nothing else', async () => {
    const role = find(await renderChart(), 'Role', 'sh-streamhub-release-cleanup');
    expect(permissions(role.rules as Rule[])).toEqual(permissions(RELEASE_CLEANUP_RBAC_RULES));
    expect(permissions(role.rules as Rule[])).not.toContain('streamhub.io/plans:patch');
  });

  it('is not rendered without the operator, or when switched off', async () => {
    for (const set of [{ 'targets.operator.enabled': false }, { 'releaseCleanup.enabled': false }]) {
      const objects = await renderChart({ set });
      expect(ofKind(objects, 'Job').map((job) => job.metadata.name)).not.toContain(
        'sh-streamhub-release-cleanup',
      );
      expect(objects.filter((object) => component(object) === 'release-cleanup')).toEqual([]);
    }
  });
});
