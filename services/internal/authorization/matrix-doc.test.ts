import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extractMatrixBlock, renderMatrixMarkdown } from './render-markdown';

// docs/authorization.md shows the table the code enforces: this fails when
// the rules change and the doc was not regenerated (tools/authorization-doc).
const DOC = path.resolve(__dirname, '../../../docs/authorization.md');

describe('docs/authorization.md', () => {
  it('holds the matrix rendered from the rules, byte for byte', () => {
    const block = extractMatrixBlock(readFileSync(DOC, 'utf8'));
    expect(block).toBeDefined();
    expect(block).toBe(renderMatrixMarkdown());
  });

  it('renders one row per operation and one column per role for each state', () => {
    const rendered = renderMatrixMarkdown();
    expect(rendered.match(/^### Item /gm)).toHaveLength(4);
    expect(rendered).toContain('| operation | owner | editor | viewer | otherUser | admin | anonymous |');
    expect(rendered).toContain('| share | yes | 403 | 403 | 404 | 404 | 401 |');
  });
});
