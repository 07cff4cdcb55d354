import { z } from 'zod';
import { defineRoute } from '../../route';
import { docs, docsAsset, healthz, jwks, openApi, readyz } from './handlers';
import { DocsAssetParams, HealthSchema, JwksSchema, OpenApiDocumentSchema, ReadinessSchema } from './schema';

const tags = ['Operations'];

export const opsRoutes = [
  defineRoute({
    operationId: 'healthz',
    method: 'get',
    path: '/healthz',
    summary: 'The process is alive',
    tags,
    auth: false,
    responses: { 200: { description: 'Alive', schema: HealthSchema } },
    handler: healthz,
  }),
  defineRoute({
    operationId: 'readyz',
    method: 'get',
    path: '/readyz',
    summary: 'Every dependency of this process is reachable',
    tags,
    auth: false,
    responses: {
      200: { description: 'Ready', schema: ReadinessSchema },
      503: { description: 'Not ready; `checks` says what failed', schema: ReadinessSchema },
    },
    handler: readyz,
  }),
  defineRoute({
    operationId: 'jwks',
    method: 'get',
    path: '/.well-known/jwks.json',
    summary: 'Public keys that verify access tokens',
    tags,
    auth: false,
    responses: { 200: { description: 'JSON Web Key Set', schema: JwksSchema } },
    handler: jwks,
  }),
  defineRoute({
    operationId: 'openApi',
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    tags,
    auth: false,
    responses: { 200: { description: 'OpenAPI 3.1 document', schema: OpenApiDocumentSchema } },
    handler: openApi,
  }),
  defineRoute({
    operationId: 'docs',
    method: 'get',
    path: '/docs',
    summary: 'Browsable API documentation',
    tags,
    auth: false,
    responses: { 200: { description: 'HTML page', contentType: 'text/html', schema: z.string() } },
    handler: docs,
  }),
  defineRoute({
    operationId: 'docsAsset',
    method: 'get',
    path: '/docs/assets/{file}',
    summary: 'Static files of the documentation page',
    tags,
    auth: false,
    params: DocsAssetParams,
    // Stylesheets, scripts and images: the type is the file's.
    responses: { 200: { description: 'Asset', contentType: '*/*', schema: z.string() } },
    errors: ['not_found'],
    handler: docsAsset,
  }),
];
