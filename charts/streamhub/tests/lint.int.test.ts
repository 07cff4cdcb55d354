import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ciValueSets } from './support/value-sets';
import { CHART_DIR, KUBE_VERSION, runHelm } from './support/render-chart';

const execFileAsync = promisify(execFile);

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

  it('packages without its tests', async () => {
    const destination = fs.mkdtempSync(path.join(os.tmpdir(), 'streamhub-package-'));
    await runHelm(['package', CHART_DIR, '--destination', destination]);
    const { stdout } = await execFileAsync('tar', ['-tzf', path.join(destination, 'streamhub-0.1.0.tgz')]);
    const files = stdout.split('\n').filter(Boolean);
    expect(files).toEqual(
      expect.arrayContaining(['streamhub/values.schema.json', 'streamhub/crds/plans.streamhub.io.yaml']),
    );
    expect(files.filter((file) => file.includes('/tests/'))).toEqual([]);
  });
});
