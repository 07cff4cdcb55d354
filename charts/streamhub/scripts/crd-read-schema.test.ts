import { asReadSchema } from './crd-read-schema';
import type { Crd } from './crd-types';

const crd: Crd = {
  spec: {
    names: { kind: 'Widget', plural: 'widgets' },
    versions: [
      {
        name: 'v1',
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer' },
                  colour: { type: 'string', enum: ['red', 'blue'], default: 'red' },
                  label: { type: 'string', description: 'Shown in lists.' },
                  tags: { type: 'array', maxItems: 3, items: { type: 'string' } },
                  quota: {
                    'x-kubernetes-int-or-string': true,
                    anyOf: [{ type: 'integer' }, { type: 'string' }],
                  },
                },
              },
              status: {
                type: 'object',
                properties: {
                  conditions: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['type'],
                      properties: { type: { type: 'string' } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
};

describe('asReadSchema', () => {
  it('requires every defaulted property (the API server fills it in) and names the condition type', () => {
    const spec = asReadSchema(crd.spec.versions[0]!.schema.openAPIV3Schema);
    expect(spec.properties!.spec!.required).toEqual(['size', 'colour']);
    expect((spec.properties!.status!.properties!.conditions!.items as { title?: string }).title).toBe(
      'Condition',
    );
    // The CRD itself is left as it was.
    expect(crd.spec.versions[0]!.schema.openAPIV3Schema.properties!.spec!.required).toEqual(['size']);
  });
});
