// The CRD schema reshaped for type generation (kept apart from crd-types.ts so jest can load it).
import type { JSONSchema } from 'json-schema-to-typescript';

/**
 * The schema as the operator reads objects: the API server fills in every
 * default, so a property with a default is always there. Conditions get one
 * named type.
 */
export function asReadSchema(schema: JSONSchema): JSONSchema {
  const copy = structuredClone(schema);
  const visit = (node: JSONSchema) => {
    const properties = node.properties ?? {};
    const defaulted = Object.keys(properties).filter((name) => properties[name]!.default !== undefined);
    const required = Array.isArray(node.required) ? node.required : [];
    if (defaulted.length > 0) node.required = [...new Set([...required, ...defaulted])];
    if (properties.conditions?.items && !Array.isArray(properties.conditions.items))
      properties.conditions.items.title = 'Condition';
    for (const child of Object.values(properties)) visit(child);
    if (node.items && !Array.isArray(node.items)) visit(node.items);
  };
  visit(copy);
  return copy;
}
