import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { GROUP, PLAN_KIND, PLATFORM_KIND, SEARCH_ATTRIBUTE_TYPES, VERSION } from './types';

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

describe('the StreamHubPlatform schema', () => {
  it('offers exactly the search attribute types the operator can register', () => {
    const schema = load('streamhubplatforms.streamhub.io.yaml').spec.versions[0]!.schema.openAPIV3Schema as {
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
    expect([...types].sort()).toEqual([...SEARCH_ATTRIBUTE_TYPES].sort());
  });
});
