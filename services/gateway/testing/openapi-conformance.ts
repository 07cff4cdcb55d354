import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonResponse } from '../../internal/testing/http';

type JsonObject = Record<string, unknown>;

interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, JsonObject> }>>;
  components: JsonObject;
}

const DOCUMENT_ID = 'streamhub-openapi.json';

/**
 * Holds real answers to the published /openapi.json: each must be a status
 * the operation documents (no falling back to `default`), with a documented
 * content type, and a body its schema accepts. Collects failures instead of
 * throwing so one test can report every mismatch at once.
 */
export class OpenApiConformance {
  readonly failures: string[] = [];
  readonly checked = new Set<string>();
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ components: document.components }, DOCUMENT_ID);
  }

  check(method: string, url: string, response: JsonResponse): void {
    const path = url.split('?')[0]!;
    const found = this.operation(method.toLowerCase(), path);
    const where = `${method.toUpperCase()} ${url} → ${response.status}`;
    if (!found) {
      this.failures.push(`${where}: no documented operation`);
      return;
    }
    this.checked.add(`${found.operationId} ${response.status}`);
    const documented = found.responses[String(response.status)];
    if (!documented) {
      this.failures.push(`${where} (${found.operationId}): status not documented`);
      return;
    }
    const content = documented.content as Record<string, { schema?: JsonObject }> | undefined;
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const hasBody = response.body !== '' && response.body !== undefined;
    if (!content) {
      if (hasBody && response.status !== 302)
        this.failures.push(`${where} (${found.operationId}): a body the document does not describe`);
      return;
    }
    // An exact media type first, then a range (text/*, */*), as OpenAPI resolves them.
    const media = content[contentType] ?? content[`${contentType.split('/')[0]}/*`] ?? content['*/*'];
    if (!media) {
      this.failures.push(
        `${where} (${found.operationId}): content type ${contentType || '(none)'} not among ${Object.keys(content).join(', ')}`,
      );
      return;
    }
    if (!media.schema || !/json/.test(contentType)) return;
    const validate = this.validator(`${found.operationId} ${response.status} ${contentType}`, media.schema);
    if (!validate(response.body))
      this.failures.push(
        `${where} (${found.operationId}): ${this.ajv.errorsText(validate.errors)} in ${JSON.stringify(response.body).slice(0, 300)}`,
      );
  }

  private operation(method: string, path: string) {
    // A literal segment wins over a parameter (/v1/files/recent over /v1/files/{id}).
    const candidates = Object.entries(this.document.paths)
      .filter(([template, methods]) => methods[method] && templateMatches(template, path))
      .sort(([a], [b]) => parameterCount(a) - parameterCount(b));
    return candidates[0]?.[1][method];
  }

  private validator(key: string, schema: JsonObject): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      const anchored = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', `"${DOCUMENT_ID}#/components/`),
      ) as JsonObject;
      validate = this.ajv.compile(anchored);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

function templateMatches(template: string, path: string): boolean {
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+');
  return new RegExp(`^${pattern}$`).test(path);
}

function parameterCount(template: string): number {
  return (template.match(/\{/g) ?? []).length;
}
