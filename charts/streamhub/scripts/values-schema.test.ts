import { parseValuesAnnotations, refineValuesSchema, type JsonSchema } from './values-schema';

const valuesYaml = `
image:
  ## @param image.tag Image tag.
  tag: ''
  ## @param image.pullPolicy Pull policy.
  ## @schema {"enum": ["Always", "IfNotPresent"]}
  pullPolicy: IfNotPresent
## @param replicas Replicas.
## @schema {"minimum": 1}
replicas: 2
## @param trustProxy [nullable] Trust X-Forwarded-For (null: when there is an Ingress).
## @schema {"type": ["boolean", "null"]}
trustProxy: null
## @param resources [object] Container resources.
## @schema {"$ref": "#/$defs/resources"}
resources:
  requests: { cpu: 100m }
## @param labels Extra labels.
## @schema {"$ref": "#/$defs/stringMap"}
labels: {}
`;
const values = {
  image: { tag: '', pullPolicy: 'IfNotPresent' },
  replicas: 2,
  trustProxy: null,
  resources: { requests: { cpu: '100m' } },
  labels: {},
};
// What @bitnami/readme-generator-for-helm writes for these values (resources, documented as a whole, is left out).
const generated: JsonSchema = {
  title: 'Chart Values',
  type: 'object',
  properties: {
    image: {
      type: 'object',
      properties: {
        tag: { type: 'string', description: 'Image tag.', default: '' },
        pullPolicy: { type: 'string', description: 'Pull policy.', default: 'IfNotPresent' },
      },
    },
    replicas: { type: 'number', description: 'Replicas.', default: 2 },
    trustProxy: { type: 'object', description: 'Trust X-Forwarded-For.', default: null, nullable: true },
    labels: { type: 'object', description: 'Extra labels.', default: {} },
  },
};
const defs = { resources: { type: 'object' }, stringMap: { type: 'object' } };

describe('parseValuesAnnotations', () => {
  it('reads each key’s description and the rules written right under it', () => {
    const { descriptions, rules } = parseValuesAnnotations(valuesYaml);
    expect(descriptions.get('trustProxy')).toBe('Trust X-Forwarded-For (null: when there is an Ingress).');
    expect(rules.get('image.pullPolicy')).toEqual({ enum: ['Always', 'IfNotPresent'] });
    expect(rules.has('image.tag')).toBe(false);
  });

  it('refuses a rule that refines no key, and one that is not JSON, naming the line', () => {
    expect(() => parseValuesAnnotations('a: 1\n## @schema {"minimum": 1}\n')).toThrow(
      'values.yaml:2: @schema must follow the @param it refines',
    );
    expect(() => parseValuesAnnotations('## @param a A.\n## @schema {minimum: 1}\na: 1\n')).toThrow(
      'values.yaml:2: @schema is not JSON',
    );
  });
});

describe('refineValuesSchema', () => {
  const schema = refineValuesSchema({
    generated,
    values,
    annotations: parseValuesAnnotations(valuesYaml),
    defs,
  }) as any;

  it('refuses unknown keys and requires every key, at every level', () => {
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['image', 'replicas', 'trustProxy', 'resources', 'labels'],
      $defs: defs,
    });
    expect(schema.properties.image).toMatchObject({
      additionalProperties: false,
      required: ['tag', 'pullPolicy'],
    });
  });

  it('adds the rules to the generated type, description and default', () => {
    expect(schema.properties.image.properties.pullPolicy).toEqual({
      type: 'string',
      description: 'Pull policy.',
      default: 'IfNotPresent',
      enum: ['Always', 'IfNotPresent'],
    });
  });

  it('types whole numbers as integers and nullable values with null', () => {
    expect(schema.properties.replicas).toMatchObject({ type: 'integer', minimum: 1 });
    expect(schema.properties.trustProxy.type).toEqual(['boolean', 'null']);
    expect(schema.properties.trustProxy).not.toHaveProperty('nullable');
  });

  it('lets a $ref alone decide, also for a key documented as a whole', () => {
    expect(schema.properties.labels).toEqual({ description: 'Extra labels.', $ref: '#/$defs/stringMap' });
    expect(schema.properties.resources).toEqual({
      description: 'Container resources.',
      $ref: '#/$defs/resources',
    });
  });

  it('refuses a key documented as a whole without a rule, and a $ref without a definition', () => {
    const refine = (yaml: string, withDefs: Record<string, JsonSchema>) =>
      refineValuesSchema({
        generated: { type: 'object', properties: {} },
        values: { resources: { requests: {} } },
        annotations: parseValuesAnnotations(yaml),
        defs: withDefs,
      });
    expect(() => refine('## @param resources [object] R.\nresources:\n', {})).toThrow(
      'resources is documented as a whole ([object] or [array]): give it a @schema',
    );
    expect(() =>
      refine('## @param resources [object] R.\n## @schema {"$ref": "#/$defs/nope"}\nresources:\n', {}),
    ).toThrow('$ref to #/$defs/nope has no definition');
  });
});
