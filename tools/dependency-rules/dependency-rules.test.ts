import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const repositoryRoot = path.resolve(__dirname, '../..');
const configFile = path.join(repositoryRoot, '.dependency-cruiser.cjs');
const fixture = path.join(__dirname, '__fixtures__/forbidden-imports');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

// dependency-cruiser is ESM-only and jest runs these tests as CommonJS, so its
// API runs in a child node process, loading the real config as the CLI does.
const cruiseScript = `
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const [configFile, baseDir, ...roots] = process.argv.slice(1);
const options = await extractDepcruiseOptions(configFile);
const tsConfigFile = join(baseDir, 'tsconfig.json');
const tsConfig = existsSync(tsConfigFile) ? extractTSConfig(tsConfigFile) : undefined;
const { output } = await cruise(roots, { ...options, baseDir }, {}, { tsConfig });
const violations = output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
process.stdout.write(JSON.stringify(violations));
`;

async function cruiseWithProjectRules(baseDir: string, roots: string[]): Promise<Violation[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', cruiseScript, configFile, baseDir, ...roots],
    { cwd: repositoryRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as Violation[];
}

function byRuleThenPath(a: Violation, b: Violation): number {
  return `${a.rule} ${a.from} ${a.to}`.localeCompare(`${b.rule} ${b.from} ${b.to}`);
}

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  it('names every forbidden import in a tree that breaks each rule once, and nothing it allows', async () => {
    const violations = await cruiseWithProjectRules(fixture, ['services', 'workflows']);

    // Allowed in the fixture, so absent here: the composition root importing
    // services, a service importing services/internal and a workflow contract,
    // the test harness booting services/platform.ts.
    expect(violations.sort(byRuleThenPath)).toEqual([
      {
        rule: 'internal-imports-no-service',
        from: 'services/internal/config.ts',
        to: 'services/beta/store.ts',
      },
      {
        rule: 'internal-testing-boots-only-the-composition-root',
        from: 'services/internal/testing/harness.ts',
        to: 'services/beta/store.ts',
      },
      {
        rule: 'no-cross-service-import',
        from: 'services/alpha/commands/apply-plan.ts',
        to: 'services/beta/store.ts',
      },
      {
        rule: 'no-import-cycle',
        from: 'services/beta/rows.ts',
        to: 'services/beta/store.ts',
      },
      {
        rule: 'workflows-import-no-service',
        from: 'workflows/ping/activities.ts',
        to: 'services/beta/store.ts',
      },
    ]);
  });

  it('finds no forbidden import in the repository', async () => {
    const violations = await cruiseWithProjectRules(repositoryRoot, [
      'services',
      'workflows',
      'tilt',
      'bench',
      'charts',
      'migrations',
      'proto/gen',
      'tools',
    ]);

    expect(violations).toEqual([]);
  });
});
