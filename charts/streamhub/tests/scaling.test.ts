import { component, ofKind } from './support/objects';
import { renderChart, SERVICE_MONITOR_API } from './support/render-chart';

const STATELESS = ['gateway', 'auth', 'billing', 'files', 'storage'];

describe('scaling and disruption budgets', () => {
  it('renders HPAs only for the stateless targets, targeting their Deployments', async () => {
    const objects = await renderChart({
      valuesFiles: ['charts/streamhub/ci/split.yaml'],
      apiVersions: [SERVICE_MONITOR_API],
    });
    const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
    expect(hpas.map(component).sort()).toEqual([...STATELESS].sort());
    for (const hpa of hpas) {
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: hpa.metadata.name,
      });
    }
  });

  it('renders no HPA by default', async () => {
    expect(ofKind(await renderChart({ set: { mode: 'split' } }), 'HorizontalPodAutoscaler')).toEqual([]);
  });

  it('gives every StreamHub Deployment a PodDisruptionBudget selecting exactly its pods', async () => {
    const objects = await renderChart({ set: { mode: 'split' } });
    const deployments = ofKind(objects, 'Deployment');
    const budgets = ofKind(objects, 'PodDisruptionBudget');
    expect(budgets.map(component).sort()).toEqual(deployments.map(component).sort());
    for (const budget of budgets) {
      const deployment = deployments.find((candidate) => component(candidate) === component(budget));
      expect(budget.spec.selector).toEqual(deployment?.spec.selector);
    }
  });

  it('drops a PodDisruptionBudget that is switched off', async () => {
    const objects = await renderChart({ set: { mode: 'split', 'targets.worker.pdb.enabled': false } });
    expect(ofKind(objects, 'PodDisruptionBudget').map(component)).not.toContain('worker');
  });

  it('runs two operator replicas when asked; leader election lets one reconcile', async () => {
    const objects = await renderChart({ set: { 'targets.operator.replicas': 2 } });
    const operator = ofKind(objects, 'Deployment').find((deployment) => component(deployment) === 'operator');
    expect(operator?.spec.replicas).toBe(2);
  });
});
