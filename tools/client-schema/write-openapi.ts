import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { API_VERSION } from '../../services/gateway/app';
import { buildOpenApiDocument } from '../../services/gateway/openapi';
import { ROUTES } from '../../services/gateway/routes';

// Writes the gateway's /openapi.json, built from the same route table the
// gateway serves, to packages/client/openapi.json: the typed client is
// generated from it (`npm run generate:client`), and a test compares it with
// a running gateway's document.
const TARGET = path.resolve(process.cwd(), 'packages/client/openapi.json');

writeFileSync(TARGET, `${JSON.stringify(buildOpenApiDocument(ROUTES, { version: API_VERSION }), null, 2)}\n`);
