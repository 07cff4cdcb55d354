// Live update's compile step inside the dev image (Dockerfile target `dev`).
// tsc needs about 700 MB and 10 s per run, and every live-updated container
// runs the step, so the container only transpiles, with swc (the compiler
// jest already uses for this code base): it rewrites the changed files in
// well under a second and checks no types. Type errors show up in the editor
// and in the Tiltfile's `typecheck` resource on the host.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { transformFileSync, type Options } from '@swc/core';

// The folders tsc compiles into the image (Dockerfile, build stage).
export const SOURCE_DIRS = ['services', 'workflows', 'migrations', 'proto/gen'] as const;

// Matches tsconfig.json: CommonJS for Node, ES2022 syntax, imports kept as
// written (`./x.js`), so the output loads exactly like tsc's.
const SWC_OPTIONS: Options = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: true,
  swcrc: false,
  configFile: false,
};

export interface TranspileOptions {
  root: string; // the folder holding services/, workflows/… (/app in the image)
  outDir: string; // tsc's outDir (dist/)
  sourceDirs?: readonly string[];
}

// Which source content each output was made from. Content, not mtimes:
// synced files keep the host's timestamps, and the host's clock need not
// agree with the one the image was built under.
const MANIFEST = '.transpiled.json';

// Transpiles every source whose content changed since it was last transpiled
// (all of them the first time) and returns those sources, relative to root.
// Tests never ship in the image, so they are skipped.
export function transpileChanged(options: TranspileOptions): string[] {
  const manifestPath = path.join(options.outDir, MANIFEST);
  const previous = readManifest(manifestPath);
  const current: Record<string, string> = {};
  const written: string[] = [];
  for (const dir of options.sourceDirs ?? SOURCE_DIRS) {
    for (const source of listSources(path.join(options.root, dir))) {
      const relative = path.relative(options.root, source);
      const hash = createHash('sha256').update(fs.readFileSync(source)).digest('hex');
      current[relative] = hash;
      const output = path.join(options.outDir, relative.replace(/\.ts$/, '.js'));
      if (previous[relative] === hash && fs.existsSync(output)) continue;
      const { code, map } = transformFileSync(source, { ...SWC_OPTIONS, filename: source });
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(output, `${code}\n//# sourceMappingURL=${path.basename(output)}.map\n`);
      if (map) fs.writeFileSync(`${output}.map`, map);
      written.push(relative);
    }
  }
  fs.mkdirSync(options.outDir, { recursive: true });
  fs.writeFileSync(manifestPath, JSON.stringify(current));
  return written;
}

function readManifest(file: string): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

function listSources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && isShippedSource(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function isShippedSource(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts');
}

if (require.main === module) {
  const root = process.cwd();
  const written = transpileChanged({ root, outDir: path.join(root, 'dist') });
  console.log(`transpiled ${written.length} file(s)${written.length ? `: ${written.join(', ')}` : ''}`);
}
