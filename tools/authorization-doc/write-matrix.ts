import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  extractMatrixBlock,
  renderMatrixMarkdown,
} from '../../services/internal/authorization/render-markdown';

// Rewrites the generated matrix in docs/authorization.md after a rule change:
// `npx tsc -p tsconfig.json && node dist/tools/authorization-doc/write-matrix.js`
// from the repository root. The prose around the
// markers is left as written.
const DOC = path.resolve(process.cwd(), 'docs/authorization.md');

const document = readFileSync(DOC, 'utf8');
const block = extractMatrixBlock(document);
if (!block) throw new Error('docs/authorization.md has no authorization-matrix markers');
writeFileSync(DOC, document.replace(block, renderMatrixMarkdown()));
