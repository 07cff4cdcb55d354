// Mailpit: the SMTP server StreamHub's mail goes to locally, with a web UI
// and an HTTP API that list every message (the OTP tests read codes there).
// The module the Go proxy serves lacks the web UI's scripts and styles
// (server/ui/dist, built by npm and embedded with go:embed), so, as in
// Mailpit's own Dockerfile, npm builds them in a copy of the source before
// `go build`.
import fs from 'node:fs';
import path from 'node:path';
import { runLogged } from '../progress';
import { cacheLogFile, VERSIONS } from '../versions';
import { ensureGoBinary } from './go-binary';
import { findOnPath } from './system';

export function ensureMailpit(signal?: AbortSignal): Promise<string> {
  const { version, module } = VERSIONS.mailpit;
  return ensureGoBinary(
    {
      name: 'mailpit',
      binary: 'mailpit',
      // "-ui" names a new cache folder: the binaries built before, whose web
      // UI was a blank page, are not reused.
      version: `${version}-ui`,
      module,
      expected: 'about 3 min, 26 MB',
      // As Mailpit's release build stamps it (the UI and /api/v1/info show it).
      ldflags: ['-s', '-w', `-X github.com/axllent/mailpit/config.Version=v${version}`],
      // A mailpit on PATH may be a `go install` one, without the web UI.
      preferPath: false,
      prepareSource: buildWebUi,
    },
    signal,
  );
}

// The npm registry we reach lacks two versions Mailpit's package-lock.json pins:
// rapidoc 12.1.0 (its newest there is 9.3.8; it only draws the API docs page,
// /api/v1/, not the mail UI) and sass-embedded 1.108.1 (a peer of the Sass
// plugin, used only with its `embedded` option, which Mailpit does not set).
// So instead of `npm ci`, `npm install rapidoc@9.3.8` rewrites the lock for
// rapidoc alone and installs every other package at its locked version.
const RAPIDOC = '9.3.8';

async function buildWebUi(sourceDir: string, signal?: AbortSignal): Promise<void> {
  if (!findOnPath('npm'))
    throw new Error("npm is needed to build Mailpit's web UI, and was not found on PATH");
  await runLogged({
    title: 'npm install (Mailpit web UI)',
    command: 'npm',
    args: [
      'install',
      `rapidoc@${RAPIDOC}`,
      '--no-audit',
      '--no-fund',
      // The bundler (esbuild) is a dev dependency, which NODE_ENV=production would leave out.
      '--include=dev',
      '--omit=peer', // sass-embedded, see above
      // No package's install script is needed to bundle (esbuild's binary
      // comes in its platform package), and rapidoc's tree-sitter ones would
      // compile native code with node-gyp under some npm versions.
      '--ignore-scripts',
    ],
    cwd: sourceDir,
    logFile: cacheLogFile('mailpit-ui-npm-install'),
    signal,
  });
  await runLogged({
    title: 'npm run package (Mailpit web UI)',
    command: 'npm',
    args: ['run', 'package'],
    cwd: sourceDir,
    logFile: cacheLogFile('mailpit-ui-package'),
    signal,
  });
  const appJs = path.join(sourceDir, 'server', 'ui', 'dist', 'app.js');
  if (!fs.existsSync(appJs)) {
    throw new Error(`npm run package did not write ${appJs}; see ${cacheLogFile('mailpit-ui-package')}`);
  }
}
