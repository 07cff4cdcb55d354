import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { INDEXED_VALUE_TYPES } from '../../controllers/platform/generate';
import { GROUP, PLAN_KIND, PLATFORM_KIND, VERSION } from './types';

interface Crd {
  metadata: { name: string };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string; shortNames: string[] };
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      subresources?: { status?: object };
      additionalPrinterColumns: Array<{ name: string; jsonPath: string }>;
      schema: { openAPIV3Schema: Record<string, unknown> };
    }>;
  };
}

const CRDS_DIR = path.resolve(__dirname, '../../../../charts/streamhub/crds');
const load = (file: string) => yaml.load(fs.readFileSync(path.join(CRDS_DIR, file), 'utf8')) as Crd;

// The operator's types and the CRDs the chart installs must name the same API.
describe.each([
  ['streamhubplatforms.streamhub.io.yaml', PLATFORM_KIND, 'shp'],
  ['plans.streamhub.io.yaml', PLAN_KIND, 'shplan'],
])('%s', (file, kind, shortName) => {
  const crd = load(file);
  const version = crd.spec.versions[0]!;

  it('serves the kind, plural and short name the operator uses, namespaced, in streamhub.io/v1alpha1', () => {
    expect(crd.metadata.name).toBe(`${kind.plural}.${GROUP}`);
    expect(crd.spec).toMatchObject({
      group: GROUP,
      scope: 'Namespaced',
      names: { kind: kind.kind, plural: kind.plural, shortNames: [shortName] },
    });
    expect(crd.spec.versions).toHaveLength(1);
    expect(version).toMatchObject({
      name: VERSION,
      served: true,
      storage: true,
      subresources: { status: {} },
    });
  });

  it('shows Ready and Age columns', () => {
    const columns = version.additionalPrinterColumns.map((column) => column.name);
    expect(columns).toEqual(expect.arrayContaining(['Ready', 'Age']));
  });
});

const schemaOf = (file: string) => load(file).spec.versions[0]!.schema.openAPIV3Schema;

describe('the StreamHubPlatform schema', () => {
  it('offers exactly the search attribute types the operator can register', () => {
    const schema = schemaOf('streamhubplatforms.streamhub.io.yaml') as {
      properties: {
        spec: {
          properties: {
            temporal: {
              properties: { searchAttributes: { items: { properties: { type: { enum: string[] } } } } };
            };
          };
        };
      };
    };
    const types =
      schema.properties.spec.properties.temporal.properties.searchAttributes.items.properties.type.enum;
    expect([...types].sort()).toEqual(Object.keys(INDEXED_VALUE_TYPES).sort());
  });
});

// types.ts exports one Condition type (generated from the StreamHubPlatform CRD) for both kinds.
it('both kinds have the same condition schema', () => {
  const conditions = (file: string) =>
    (schemaOf(file) as { properties: { status: { properties: { conditions: unknown } } } }).properties.status
      .properties.conditions;
  expect(conditions('plans.streamhub.io.yaml')).toEqual(conditions('streamhubplatforms.streamhub.io.yaml'));
});
