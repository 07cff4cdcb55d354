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

export function workflowSource(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> & {
  /** The interceptor modules the worker must load itself (none when the bundle has them). */
  workflowModules: string[];
} {
  if (existsSync(WORKFLOW_BUNDLE_PATH))
    return { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH }, workflowModules: [] };
  return { workflowsPath: require.resolve('./index'), workflowModules: WORKFLOW_INTERCEPTOR_MODULES };
}
