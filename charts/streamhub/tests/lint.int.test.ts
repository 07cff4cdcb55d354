import { ciValueSets } from './support/value-sets';
import { CHART_DIR, KUBE_VERSION, runHelm } from './support/render-chart';

describe('helm lint', () => {
  it('passes --strict with the default values', async () => {
    const { stdout } = await runHelm(['lint', CHART_DIR, '--strict', '--kube-version', KUBE_VERSION]);
    expect(stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  it.each(ciValueSets().map((set) => [set.name, set] as const))(
    'passes --strict with %s',
    async (_name, set) => {
      const args = ['lint', CHART_DIR, '--strict', '--kube-version', KUBE_VERSION, '--values', set.file];
      // helm lint cannot declare extra APIs (it has no --api-versions), so the chart's own guard
      // would refuse the ServiceMonitor; the ServiceMonitor is rendered and applied in the
      // value-set tests instead.
      if (set.needsServiceMonitorApi) args.push('--set', 'serviceMonitor.enabled=false');
      const { stdout } = await runHelm(args);
      expect(stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    },
  );
});
