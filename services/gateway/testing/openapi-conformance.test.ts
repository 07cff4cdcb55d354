import { z } from 'zod';
import { buildOpenApiDocument } from '../openapi';
import { defineRoute } from '../route';
import { OpenApiConformance } from './openapi-conformance';

const Thing = z.object({ id: z.uuid(), size: z.number().int() }).meta({ id: 'Thing' });
const document = buildOpenApiDocument(
  [
    defineRoute<undefined, undefined, { id: string }>({
      operationId: 'getThing',
      method: 'get',
      path: '/things/{id}',
      summary: 'a thing',
      tags: [],
      auth: false,
      params: z.object({ id: z.uuid() }),
      responses: { 200: { description: 'the thing', schema: Thing } },
      errors: ['not_found'],
      handler: async () => undefined,
    }),
  ],
  { version: 'test' },
);

const answer = (status: number, body: unknown, contentType = 'application/json') => ({
  status,
  headers: new Headers({ 'content-type': contentType }),
  body,
});
const id = '3a7d9c1e-5b2f-4e8a-b6c4-0d1e2f3a4b5c';
const problem = {
  type: 'urn:streamhub:problem:not_found',
  title: 'Not found',
  status: 404,
  detail: 'no such thing',
  code: 'not_found',
};

describe('OpenApiConformance', () => {
  it('accepts documented answers, through component $refs and the problem schema', () => {
    const conformance = new OpenApiConformance(document as never);
    conformance.check('GET', `/things/${id}`, answer(200, { id, size: 3 }));
    conformance.check('GET', `/things/${id}`, answer(404, problem, 'application/problem+json'));
    expect(conformance.failures).toEqual([]);
    expect([...conformance.checked]).toEqual(['getThing 200', 'getThing 404']);
  });

  it.each([
    ['a body the schema refuses', answer(200, { id, size: 'big' }), /size/],
    [
      'an undocumented status',
      answer(409, { ...problem, status: 409 }, 'application/problem+json'),
      /status not documented/,
    ],
    [
      'an error code the operation does not list',
      answer(404, { ...problem, code: 'file_not_found' }, 'application/problem+json'),
      /code/,
    ],
    ['an undocumented content type', answer(200, 'text', 'text/plain'), /content type text\/plain/],
  ])('reports %s', (_case, response, failure) => {
    const conformance = new OpenApiConformance(document as never);
    conformance.check('GET', `/things/${id}`, response);
    expect(conformance.failures).toEqual([expect.stringMatching(failure)]);
  });

  it('reports a request no operation documents', () => {
    const conformance = new OpenApiConformance(document as never);
    conformance.check('POST', `/things/${id}`, answer(200, {}));
    expect(conformance.failures).toEqual([expect.stringMatching(/no documented operation/)]);
  });
});
