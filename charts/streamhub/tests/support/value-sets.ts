// The value sets every chart integration test renders: the chart's ci/ examples and the values the
// Tilt dev loop deploys with.
import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { CI_VALUES_DIR, REPO_DIR } from './render-chart';

export const TILT_DEV_VALUES = path.join(REPO_DIR, 'tilt', 'values-dev.yaml');

export interface ValueSet {
  /** Path relative to the repository root, as test names show it. */
  name: string;
  file: string;
  /** The set enables a ServiceMonitor, so rendering must declare the Prometheus Operator API. */
  needsServiceMonitorApi: boolean;
}

function valueSet(file: string): ValueSet {
  const values = (load(fs.readFileSync(file, 'utf8')) ?? {}) as { serviceMonitor?: { enabled?: boolean } };
  return {
    name: path.relative(REPO_DIR, file),
    file,
    needsServiceMonitorApi: values.serviceMonitor?.enabled === true,
  };
}

export function ciValueSets(): ValueSet[] {
  return fs
    .readdirSync(CI_VALUES_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => valueSet(path.join(CI_VALUES_DIR, file)));
}

/** The ci/ sets plus tilt/values-dev.yaml; a missing dev values file fails loudly, it is not skipped. */
export function allValueSets(): ValueSet[] {
  if (!fs.existsSync(TILT_DEV_VALUES))
    throw new Error(`${TILT_DEV_VALUES} is missing: the Tilt dev loop deploys the chart with it`);
  return [...ciValueSets(), valueSet(TILT_DEV_VALUES)];
}
