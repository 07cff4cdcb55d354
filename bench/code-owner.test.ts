import { ownerOfUrl } from './code-owner';

describe('ownerOfUrl', () => {
  it('names the package of a file under node_modules, scoped ones with their scope, nested ones innermost', () => {
    expect(ownerOfUrl('file:///repo/node_modules/pg/lib/query.js', '/repo')).toBe('pg');
    expect(ownerOfUrl('file:///repo/node_modules/@bufbuild/protobuf/dist/cjs/create.js')).toBe(
      '@bufbuild/protobuf',
    );
    expect(ownerOfUrl('file:///repo/node_modules/knex/node_modules/debug/src/node.js')).toBe('debug');
  });

  it('names the project folder of the repository’s own code, compiled or not', () => {
    expect(ownerOfUrl('file:///repo/dist/services/chat/commands/post-message.js', '/repo')).toBe(
      'services/chat',
    );
    expect(ownerOfUrl('/repo/bench/run.ts', '/repo')).toBe('bench');
  });

  it('names no owner for Node’s own code or a file outside the repository', () => {
    expect(ownerOfUrl('node:internal/stream_base_commons', '/repo')).toBeUndefined();
    expect(ownerOfUrl('', '/repo')).toBeUndefined();
    expect(ownerOfUrl('file:///elsewhere/x.js', '/repo')).toBeUndefined();
  });
});
