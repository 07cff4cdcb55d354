import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CLIENT_VERSION, buildProgram, main } from './main';

// main() prints through commander to the process's streams: collect what it writes.
function captured(stream: NodeJS.WriteStream): { text: () => string; restore: () => void } {
  let text = '';
  const spy = jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  return { text: () => text, restore: () => spy.mockRestore() };
}

describe('streamhub command line', () => {
  let out: ReturnType<typeof captured>;
  let err: ReturnType<typeof captured>;
  beforeEach(() => {
    out = captured(process.stdout);
    err = captured(process.stderr);
  });
  afterEach(() => {
    out.restore();
    err.restore();
  });

  const run = (...args: string[]) => main(['node', 'streamhub', ...args]);

  it('--version prints the package version and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(CLIENT_VERSION).toBe(pkg.version);
    expect(await run('--version')).toBe(0);
    expect(out.text().trim()).toBe(pkg.version);
  });

  it('--help lists every command and the exit codes, and exits 0', async () => {
    expect(await run('--help')).toBe(0);
    for (const command of [
      'login',
      'logout',
      'whoami',
      'ls',
      'upload',
      'download',
      'mv',
      'rm',
      'restore',
      'trash',
      'versions',
      'share',
      'link',
      'plan',
      'usage',
    ])
      expect(out.text()).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(out.text()).toContain('130 interrupted');
  });

  it('every command, and every subcommand, has its own --help', async () => {
    const commands = buildProgram().commands.flatMap((command) => [
      [command.name()],
      ...command.commands.map((sub) => [command.name(), sub.name()]),
    ]);
    for (const names of commands) {
      expect(await run(...names, '--help')).toBe(0);
      expect(out.text()).toContain(`Usage: streamhub ${names.join(' ')}`);
    }
  });

  it.each([
    ['an unknown command', ['frobnicate']],
    ['an unknown option', ['ls', '--colour']],
    ['a missing argument', ['mv']],
    ['a missing required option', ['login']],
    ['a missing option value', ['ls', '--sort']],
    // Checked before the login is read: a usage error, not "not logged in".
    ['a --sort key ls does not know', ['ls', '--sort', 'colour']],
    ['a --limit that is not a number', ['ls', '--limit', 'ten']],
    ['a version number that is not one', ['versions', 'some-id', '--restore', '1.5']],
    ['a link lifetime of zero', ['link', 'add', 'some-id', '--expires-in', '0']],
  ])('%s is a usage error: exit 2 and the problem on stderr', async (_what, args) => {
    expect(await run(...args)).toBe(2);
    expect(err.text()).toMatch(/error: /);
  });
});
