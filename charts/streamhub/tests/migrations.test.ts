import { component, find, isHook, mainContainer, ofKind, type KubeObject } from './support/objects';
import { renderChart } from './support/render-chart';

const hookOf = (object: KubeObject) => object.metadata.annotations?.['helm.sh/hook'];

describe('the migrations hook', () => {
  it('runs `migrate latest` with the one image before an upgrade rolls out', async () => {
    const job = find(await renderChart({ set: { 'image.tag': '1.2.3' } }), 'Job', 'sh-streamhub-migrations');
    expect(mainContainer(job)).toMatchObject({ image: 'streamhub:1.2.3', args: ['migrate', 'latest'] });
    expect(hookOf(job)).toContain('pre-upgrade');
    expect(job.metadata.annotations?.['helm.sh/hook-delete-policy']).toBe(
      'before-hook-creation,hook-succeeded',
    );
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('runs after install when the database is the quick-start Postgres, which the release creates', async () => {
    const job = find(await renderChart(), 'Job', 'sh-streamhub-migrations');
    expect(hookOf(job)).toBe('post-install,pre-upgrade');
  });

  it('runs before install when the database is external', async () => {
    const objects = await renderChart({ valuesFiles: ['charts/streamhub/ci/production.yaml'] });
    expect(hookOf(find(objects, 'Job', 'sh-streamhub-migrations'))).toBe('pre-install,pre-upgrade');
  });

  it('creates what the Job needs as hooks of lower weight, so they exist at hook time', async () => {
    const objects = await renderChart({ valuesFiles: ['charts/streamhub/ci/mixed.yaml'] });
    const hooks = objects.filter((object) => isHook(object) && component(object) === 'migrations');
    expect(
      hooks.map((hook) => `${hook.kind}:${hook.metadata.annotations?.['helm.sh/hook-weight']}`).sort(),
    ).toEqual(['Job:0', 'Secret:-10', 'ServiceAccount:-10']);
    for (const hook of hooks) expect(hookOf(hook)).toBe('pre-install,pre-upgrade');
    const job = find(objects, 'Job', 'sh-streamhub-migrations');
    expect(job.spec.template.spec.serviceAccountName).toBe('sh-streamhub-migrations');
  });

  it('renders no Job when migrations are left to the operator', async () => {
    const objects = await renderChart({ set: { 'migrations.enabled': false } });
    expect(ofKind(objects, 'Job').map((job) => job.metadata.name)).toEqual(['sh-streamhub-release-cleanup']);
    expect(objects.filter((object) => isHook(object) && component(object) === 'migrations')).toEqual([]);
  });
});
