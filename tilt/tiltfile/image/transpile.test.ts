import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transpileChanged } from './transpile';

function makeTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'streamhub-transpile-'));
  for (const [file, contents] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), contents);
  }
  return root;
}

describe('transpileChanged (live update compile step)', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree({
      'services/greeting.ts': 'export const greeting = (name: string): string => `hello ${name}`;\n',
      'services/main.ts':
        "import path from 'node:path';\nimport { greeting } from './greeting.js';\n" +
        "console.log(greeting(path.basename('/x/world')));\n",
      'services/main.test.ts': "it('is a test', () => undefined);\n",
      'services/types.d.ts': 'declare const ambient: string;\n',
    });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes CommonJS that node runs, resolving `./x.js` imports and default imports like tsc', () => {
    const outDir = path.join(root, 'dist');
    expect(transpileChanged({ root, outDir, sourceDirs: ['services'] }).sort()).toEqual([
      'services/greeting.ts',
      'services/main.ts',
    ]);
    expect(
      execFileSync(process.execPath, [path.join(outDir, 'services', 'main.js')], { encoding: 'utf8' }),
    ).toBe('hello world\n');
    expect(fs.existsSync(path.join(outDir, 'services', 'main.js.map'))).toBe(true);
  });

  it('skips tests and declaration files, which never run in the image', () => {
    const outDir = path.join(root, 'dist');
    transpileChanged({ root, outDir, sourceDirs: ['services'] });
    expect(fs.existsSync(path.join(outDir, 'services', 'main.test.js'))).toBe(false);
    expect(fs.existsSync(path.join(outDir, 'services', 'types.d.js'))).toBe(false);
  });

  it('rewrites only the files whose content changed since the last run, whatever their timestamps', () => {
    const outDir = path.join(root, 'dist');
    transpileChanged({ root, outDir, sourceDirs: ['services'] });
    expect(transpileChanged({ root, outDir, sourceDirs: ['services'] })).toEqual([]);

    const greeting = path.join(root, 'services', 'greeting.ts');
    fs.writeFileSync(greeting, 'export const greeting = (name: string): string => `hi ${name}`;\n');
    // A synced file may carry an older timestamp than the output it replaces.
    fs.utimesSync(greeting, new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(transpileChanged({ root, outDir, sourceDirs: ['services'] })).toEqual(['services/greeting.ts']);
    expect(
      execFileSync(process.execPath, [path.join(outDir, 'services', 'main.js')], { encoding: 'utf8' }),
    ).toBe('hi world\n');
  });

  it('writes an output again when it went missing even though its source did not change', () => {
    const outDir = path.join(root, 'dist');
    transpileChanged({ root, outDir, sourceDirs: ['services'] });
    fs.rmSync(path.join(outDir, 'services', 'main.js'));
    expect(transpileChanged({ root, outDir, sourceDirs: ['services'] })).toEqual(['services/main.ts']);
  });

  it('ignores source folders that do not exist', () => {
    expect(transpileChanged({ root, outDir: path.join(root, 'dist'), sourceDirs: ['nowhere'] })).toEqual([]);
  });
});
