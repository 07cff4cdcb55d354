import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WORKFLOW_BUNDLE_ENV, workflowSource } from './workflow-source';

describe('workflowSource', () => {
  it('loads the bundle the environment names when it exists', () => {
    const bundle = path.join(mkdtempSync(path.join(os.tmpdir(), 'bundle-')), 'workflow-bundle.js');
    writeFileSync(bundle, '// built');
    expect(workflowSource({ [WORKFLOW_BUNDLE_ENV]: bundle })).toEqual({
      workflowBundle: { codePath: bundle },
      workflowModules: [],
    });
  });

  it('bundles from source (with the interceptors) when there is no bundle', () => {
    const source = workflowSource({ [WORKFLOW_BUNDLE_ENV]: '/nonexistent/workflow-bundle.js' });
    expect(source.workflowsPath).toBe(require.resolve('./index'));
    expect(source.workflowBundle).toBeUndefined();
    expect(source.workflowModules.length).toBeGreaterThan(0);
  });
});
