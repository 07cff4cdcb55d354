import { existsSync } from 'node:fs';
import path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';

// Production workers load the bundle `npm run build` wrote next to this file,
// so they start in a second and run exactly the code that was built; tests
// and dev runs from source bundle on start.
export const WORKFLOW_BUNDLE_PATH = path.join(__dirname, 'workflow-bundle.js');

// Workflow interceptors (the outcome counter; OpenTelemetry's spans, which
// go to the worker's `exporter` sink, see services/internal/tracing);
// build-bundle.ts bundles them in.
export const WORKFLOW_INTERCEPTOR_MODULES = [
  require.resolve('./metrics-interceptor'),
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

// `npm test` names the bundle its build just wrote: the tests run from source,
// and without it every test app's worker bundled on start (webpack: seconds of
// CPU each, tens of suites; on a loaded CI machine it pushed a suite's startup
// past its 60 s hook timeout).
export const WORKFLOW_BUNDLE_ENV = 'STREAMHUB_WORKFLOW_BUNDLE';

export function workflowSource(env: Record<string, string | undefined> = process.env): Pick<
  WorkerOptions,
  'workflowBundle' | 'workflowsPath'
> & {
  /** The interceptor modules the worker must load itself (none when the bundle has them). */
  workflowModules: string[];
} {
  const bundle = env[WORKFLOW_BUNDLE_ENV] ?? WORKFLOW_BUNDLE_PATH;
  if (existsSync(bundle)) return { workflowBundle: { codePath: bundle }, workflowModules: [] };
  return { workflowsPath: require.resolve('./index'), workflowModules: WORKFLOW_INTERCEPTOR_MODULES };
}
