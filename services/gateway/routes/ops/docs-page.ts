import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

// Swagger UI is served from the npm package, not a CDN: installs without
// internet access still get working docs.
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css',
  'swagger-ui-bundle.js': 'application/javascript',
  'swagger-ui-standalone-preset.js': 'application/javascript',
};

export function readDocsAsset(name: string): { body: Buffer; type: string } | undefined {
  const type = ASSETS[name];
  return type ? { body: readFileSync(path.join(getAbsoluteFSPath(), name)), type } : undefined;
}

// No validator badge: it would load an image from validator.swagger.io.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', validatorUrl: null, presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });`;

/** The page's one inline script, for its Content-Security-Policy (middlewares/security-headers.ts). */
export const DOCS_INLINE_SCRIPT_HASH = `'sha256-${createHash('sha256').update(INIT_SCRIPT).digest('base64')}'`;

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>StreamHub API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script>${INIT_SCRIPT}</script>
</body>
</html>`;
