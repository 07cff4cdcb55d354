// What the image promises the chart and the Tiltfile (shared decisions: one
// image, WORKDIR /app, user 10001, ports 8080/9090, entry
// `node dist/services/main.js`), read from the Dockerfile itself since it
// cannot be built here.
import fs from 'node:fs';
import path from 'node:path';

const REPO_DIR = path.resolve(__dirname, '..', '..');
const dockerfile = fs.readFileSync(path.join(REPO_DIR, 'Dockerfile'), 'utf8');
const dockerignore = fs
  .readFileSync(path.join(REPO_DIR, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));

interface Stage {
  name: string;
  from: string;
  instructions: string[];
}

// Instructions with their continuation lines joined, grouped by stage.
function stages(): Stage[] {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const result: Stage[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) result.push({ name: from[2] ?? '', from: from[1]!, instructions: [] });
    else result.at(-1)?.instructions.push(line);
  }
  return result;
}

function stage(name: string): Stage {
  const found = stages().find((s) => s.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
}

describe('Dockerfile', () => {
  it('has the release image as its last stage, so a plain `docker build` produces it', () => {
    expect(stages().map((s) => s.name)).toEqual(['base', 'deps', 'build', 'runtime-deps', 'dev', 'release']);
  });

  it('runs the release as user 10001 from /app with node dist/services/main.js, exposing 8080 and 9090', () => {
    expect(stage('base').instructions).toContain('WORKDIR /app');
    const release = stage('release').instructions;
    expect(release).toContain('USER 10001:10001');
    expect(release).toContain('EXPOSE 8080 9090');
    expect(release.at(-1)).toBe('ENTRYPOINT ["node", "dist/services/main.js"]');
    expect(release).toContain('ENV NODE_ENV=production');
  });

  it('builds on Debian slim Node 20, whose glibc and libstdc++ the native addons need', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(stage('base').from).toBe('${NODE_IMAGE}');
  });

  it('installs exactly the lockfile and ships only runtime dependencies', () => {
    expect(stage('deps').instructions.join('\n')).toMatch(/npm ci --ignore-scripts/);
    expect(stage('runtime-deps').instructions.join('\n')).toMatch(/npm prune --omit=dev/);
    expect(stage('release').instructions).toContain(
      'COPY --from=runtime-deps /app/node_modules ./node_modules',
    );
  });

  it('leaves the dev-loop helpers out of the release', () => {
    const copies = stage('release').instructions.filter((i) => i.startsWith('COPY --from=build'));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) expect(copy).not.toMatch(/tilt/);
  });

  it('copies only paths that exist and that .dockerignore keeps in the build context', () => {
    const sources = stages()
      .flatMap((s) => s.instructions)
      .filter((i) => i.startsWith('COPY ') && !i.includes('--from='))
      .flatMap((i) => i.split(/\s+/).slice(1, -1))
      .filter((arg) => !arg.startsWith('--'));
    expect(sources).toEqual(expect.arrayContaining(['package-lock.json', 'services', 'tilt/tiltfile/image']));
    for (const source of sources) {
      expect(fs.existsSync(path.join(REPO_DIR, source))).toBe(true);
      const ignoredBy = dockerignore.filter(
        (pattern) => !pattern.includes('*') && (source === pattern || source.startsWith(`${pattern}/`)),
      );
      expect({ source, ignoredBy }).toEqual({ source, ignoredBy: [] });
    }
  });

  it('keeps host builds, dependencies, secrets and local state out of the build context', () => {
    expect(dockerignore).toEqual(
      expect.arrayContaining(['.git', 'node_modules', 'dist', '.streamhub', 'bench', '.env', 'tilt/local']),
    );
  });

  it('gives the dev stage the watch entrypoint, a writable source tree and no stale workflow bundle', () => {
    const dev = stage('dev');
    expect(dev.from).toBe('build');
    const run = dev.instructions.find((i) => i.startsWith('RUN '));
    expect(run).toContain('node dist/tilt/tiltfile/image/transpile.js');
    expect(run).toContain('rm -f dist/workflows/workflow-bundle.js');
    expect(run).toContain('chown -R 10001:10001 dist services workflows migrations proto');
    expect(dev.instructions).toContain('USER 10001:10001');
    expect(dev.instructions.at(-1)).toBe('ENTRYPOINT ["streamhub-dev"]');
  });
});
