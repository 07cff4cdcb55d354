import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  checkMarkdownFile,
  diskRepository,
  findLinks,
  headingAnchors,
  type Repository,
} from './markdown-links';

const ROOT = path.resolve(__dirname, '..');
// The private notes' folder, spelled in pieces so this file does not itself mention it.
const OUTSIDE = ['..', 'shared'].join('/');

// Tracked files and new ones not yet committed (but not ignored ones), so a
// doc someone is writing right now is checked before it is committed.
function markdownFilesInRepository(): string[] {
  const output = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', '*.md'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  const repository = diskRepository(ROOT, []);
  return output
    .split('\0')
    .filter((file) => file !== '' && repository.exists(file))
    .sort();
}

describe('the repository documents itself', () => {
  const files = markdownFilesInRepository();
  const repository = diskRepository(ROOT, files);

  it('finds the Markdown the users read', () => {
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'docs/api.md', 'docs/configuration.md', 'bench/README.md']),
    );
  });

  it.each(files)('%s links only to files and headings inside the repository', (file) => {
    expect(checkMarkdownFile(repository, file)).toEqual([]);
  });
});

// The checker itself, on a repository made up for each case.
function fakeRepository(files: Record<string, string>, directories: string[] = []): Repository {
  return {
    root: '/repo',
    markdownFiles: Object.keys(files).filter((file) => file.endsWith('.md')),
    exists: (file) => file in files || directories.includes(file),
    isDirectory: (file) => directories.includes(file),
    read: (file) => files[file]!,
  };
}

const problemsIn = (readme: string, others: Record<string, string> = {}, directories: string[] = []) =>
  checkMarkdownFile(fakeRepository({ 'README.md': readme, ...others }, directories), 'README.md').map(
    (problem) => `${problem.line}: ${problem.problem}`,
  );

describe('checkMarkdownFile', () => {
  it('accepts links to existing files, directories and headings, and to the web', () => {
    expect(
      problemsIn(
        [
          '# Top',
          'See [the API](docs/api.md#error-format), [charts](charts/), [top](#top),',
          '![logo](docs/logo.png "Logo") and [Kubernetes](https://kubernetes.io/docs/).',
          '[ref]: docs/api.md',
        ].join('\n'),
        { 'docs/api.md': '# API\n\n## Error format\n', 'docs/logo.png': '' },
        ['charts'],
      ),
    ).toEqual([]);
  });

  it('fails on a link to the private notes folder, naming the line', () => {
    expect(problemsIn(`# StreamHub\n\nThe design is in [ARCH](${OUTSIDE}/ARCHITECTURE.md).`)).toEqual([
      `3: refers to ${OUTSIDE}, which is outside the repository: copy what is needed into docs/`,
      `3: links to ${OUTSIDE}/ARCHITECTURE.md, which is outside the repository`,
      `3: mentions ${OUTSIDE}/ARCHITECTURE.md, which is not a file in the repository`,
    ]);
  });

  it('fails on a mention of the private notes folder even inside code', () => {
    expect(problemsIn(`Read \`${OUTSIDE}/API.md\`.`)).toContain(
      `1: refers to ${OUTSIDE}, which is outside the repository: copy what is needed into docs/`,
    );
  });

  it('fails on a link to a file that does not exist', () => {
    expect(problemsIn('[errors](docs/errors.md)')).toEqual([
      '1: links to docs/errors.md, but docs/errors.md does not exist',
      '1: mentions docs/errors.md, which is not a file in the repository',
    ]);
  });

  it('fails on a link to a heading that does not exist', () => {
    expect(problemsIn('[codes](docs/api.md#codes)', { 'docs/api.md': '# API\n## Errors\n' })).toEqual([
      '1: links to docs/api.md#codes, but docs/api.md has no heading with the anchor #codes',
    ]);
  });

  it('fails on an absolute path, which only works on one machine or one host', () => {
    expect(problemsIn('[api](/docs/api.md)', { 'docs/api.md': '# API' })).toEqual([
      '1: links to /docs/api.md: use a path relative to README.md so the link works in any clone',
    ]);
  });

  it('fails on a plain mention of a Markdown file the repository does not have', () => {
    expect(problemsIn('The contract in API.md holds.')).toEqual([
      '1: mentions API.md, which is not a file in the repository',
    ]);
  });

  it('ignores links shown as code', () => {
    expect(problemsIn('Write `[x](missing.txt)` or\n\n```\n[y](missing.txt)\n```\n')).toEqual([]);
  });
});

describe('findLinks', () => {
  it('finds inline links, images, reference definitions and HTML links in order', () => {
    const targets = findLinks(
      '[a](one.md) ![b](two.png)\n[c]: three.md\n<a href="four.md">d</a> <img src="five.svg">',
    ).map((link) => link.target);
    expect(targets).toEqual(['one.md', 'two.png', 'three.md', 'four.md', 'five.svg']);
  });
});

describe('headingAnchors', () => {
  it('slugs headings the way GitHub does, numbering repeats', () => {
    const anchors = headingAnchors(
      '# Where `/x/INFRA.md` was wrong\n## Files: who owns what\n## Notes\n## Notes\n```\n# not a heading\n```',
    );
    expect([...anchors]).toEqual(['where-xinframd-was-wrong', 'files-who-owns-what', 'notes', 'notes-1']);
  });
});
