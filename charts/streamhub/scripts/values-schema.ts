// Turns the schema @bitnami/readme-generator-for-helm derives from values.yaml
// (each key's type, description and default) into the chart's strict
// values.schema.json: unknown keys refused, every key required, integers as
// integers, and the `## @schema` rules written next to each key.

export type JsonSchema = { [keyword: string]: unknown } & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
};

type Values = Record<string, unknown>;

export interface ValuesAnnotations {
  /** Each `## @param` key's description. */
  descriptions: Map<string, string>;
  /** Each `## @schema` rule, by the key of the `## @param` line right above it. */
  rules: Map<string, JsonSchema>;
}

const PARAM = /^\s*## @param (\S+)\s*(?:\[[^\]]*\])?\s*(.*)$/;
const RULE = /^\s*## @schema (.*)$/;

/** Reads the `## @param` and `## @schema` comments of values.yaml. */
export function parseValuesAnnotations(valuesYaml: string): ValuesAnnotations {
  const descriptions = new Map<string, string>();
  const rules = new Map<string, JsonSchema>();
  let lastParam: string | undefined;
  valuesYaml.split('\n').forEach((line, index) => {
    const param = PARAM.exec(line);
    const rule = RULE.exec(line);
    if (param) {
      lastParam = param[1]!;
      descriptions.set(lastParam, param[2]!);
    } else if (rule) {
      if (!lastParam) throw new Error(`values.yaml:${index + 1}: @schema must follow the @param it refines`);
      try {
        rules.set(lastParam, JSON.parse(rule[1]!) as JsonSchema);
      } catch (error) {
        throw new Error(`values.yaml:${index + 1}: @schema is not JSON: ${(error as Error).message}`);
      }
    } else {
      lastParam = undefined;
    }
  });
  return { descriptions, rules };
}

const isObject = (value: unknown): value is Values =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The generator types every number `number` and marks nulls OpenAPI-style; JSON Schema wants these. */
function leaf(base: JsonSchema, value: unknown): JsonSchema {
  const { nullable, ...node } = base;
  if (node.type === 'number' && Number.isInteger(value)) node.type = 'integer';
  if (nullable === true && typeof node.type === 'string') node.type = [node.type, 'null'];
  return { ...node, default: value };
}

function refine(
  value: unknown,
  base: JsonSchema | undefined,
  key: string,
  annotations: ValuesAnnotations,
): JsonSchema {
  const rule = annotations.rules.get(key);
  const description = (base?.description as string | undefined) ?? annotations.descriptions.get(key);
  // A reference says everything about the value: the generator's guess from the default would only narrow it.
  if (rule?.$ref) return { description, ...rule };
  let node: JsonSchema;
  if (isObject(value) && base?.properties) {
    const keys = Object.keys(value);
    const properties: Record<string, JsonSchema> = {};
    for (const name of keys)
      properties[name] = refine(
        value[name],
        base.properties[name],
        key ? `${key}.${name}` : name,
        annotations,
      );
    node = { type: 'object', additionalProperties: false, properties, required: keys };
  } else if (base) {
    node = leaf(base, value);
  } else if (rule) {
    node = { description, default: value };
  } else {
    throw new Error(`values.yaml: ${key} is documented as a whole ([object] or [array]): give it a @schema`);
  }
  return { ...node, ...rule };
}

/** The final values.schema.json from the generator's schema, the values, their annotations and the shared $defs. */
export function refineValuesSchema(options: {
  generated: JsonSchema;
  values: Values;
  annotations: ValuesAnnotations;
  defs: Record<string, JsonSchema>;
}): JsonSchema {
  const { generated, values, annotations, defs } = options;
  const root = refine(values, { ...generated, type: 'object' }, '', annotations);
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'StreamHub chart values',
    ...root,
    $defs: defs,
  };
  for (const ref of JSON.stringify(schema).matchAll(/"\$ref":"#\/\$defs\/([^"]+)"/g))
    if (!(ref[1]! in defs)) throw new Error(`values.yaml: $ref to #/$defs/${ref[1]} has no definition`);
  return schema;
}
