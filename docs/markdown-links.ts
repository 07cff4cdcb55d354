import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// The repository must document itself: a clone has nothing outside it, so
// every link in its Markdown must land on a file (and heading) inside it.

export interface LinkProblem {
  file: string;
  line: number;
  problem: string;
}

/** What the checker needs to know about the repository (a fake in unit tests). */
export interface Repository {
  root: string;
  /** Repository-relative paths of every Markdown file. */
  markdownFiles: string[];
  exists(relativePath: string): boolean;
  isDirectory(relativePath: string): boolean;
  read(relativePath: string): string;
}

// Places the project's private design notes lived; users never have them.
const OUTSIDE_MENTIONS = [
  ['..', 'shared'],
  ['', 'work', 'shared'],
  ['', 'work', 'main'],
].map((parts) => parts.join('/'));

/** Blanks fenced blocks and inline code spans, keeping every newline so offsets still give line numbers. */
export function withoutCode(markdown: string): string {
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  return markdown
    .replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\2[^\n]*$|(?![\s\S]))/gm, blank)
    .replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, blank);
}

export interface Link {
  target: string;
  offset: number;
}

/** Inline links and images, reference definitions, and HTML href/src, outside code. */
export function findLinks(markdown: string): Link[] {
  const text = withoutCode(markdown);
  const patterns = [
    /!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g,
    /^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm,
    /<(?:a|img)\b[^>]*?\s(?:href|src)\s*=\s*["']([^"']+)["']/gi,
  ];
  const links = patterns.flatMap((pattern) =>
    [...text.matchAll(pattern)].map((match) => ({ target: match[1]!, offset: match.index })),
  );
  return links.sort((a, b) => a.offset - b.offset);
}

/** The anchors GitHub gives a document's headings (github-slugger's rules). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutCodeFences(markdown).matchAll(/^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/gm)) {
    const base = slug(match[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const match of markdown.matchAll(/<a\s[^>]*?(?:name|id)\s*=\s*["']([^"']+)["']/gi))
    anchors.add(match[1]!);
  return anchors;
}

function withoutCodeFences(markdown: string): string {
  return markdown.replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\2[^\n]*$|(?![\s\S]))/gm, '');
}

function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every broken or outward link, and every mention of a place outside the repository, in one file. */
export function checkMarkdownFile(repository: Repository, file: string): LinkProblem[] {
  const markdown = repository.read(file);
  const lineOf = (offset: number) => markdown.slice(0, offset).split('\n').length;
  const problems: LinkProblem[] = [];
  const report = (offset: number, problem: string) => problems.push({ file, line: lineOf(offset), problem });

  for (const mention of OUTSIDE_MENTIONS) {
    for (let at = markdown.indexOf(mention); at !== -1; at = markdown.indexOf(mention, at + 1))
      report(at, `refers to ${mention}, which is outside the repository: copy what is needed into docs/`);
  }

  for (const { target, offset } of findLinks(markdown)) {
    const problem = checkTarget(repository, file, target);
    if (problem) report(offset, problem);
  }

  for (const { name, offset } of markdownMentions(markdown)) {
    if (!markdownMentionExists(repository, file, name))
      report(offset, `mentions ${name}, which is not a file in the repository`);
  }
  return problems;
}

function checkTarget(repository: Repository, file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return undefined;
  const [rawPath = '', anchor] = target.split('#', 2);
  const linkPath = decodeURIComponent(rawPath.split('?')[0]!);
  if (linkPath.startsWith('/'))
    return `links to ${target}: use a path relative to ${file} so the link works in any clone`;
  const resolved =
    linkPath === ''
      ? file
      : path.posix.normalize(path.posix.join(path.posix.dirname(file), linkPath)).replace(/\/$/, '');
  if (resolved === '..' || resolved.startsWith('../'))
    return `links to ${target}, which is outside the repository`;
  if (!repository.exists(resolved)) return `links to ${target}, but ${resolved} does not exist`;
  if (anchor && resolved.endsWith('.md') && !repository.isDirectory(resolved)) {
    if (!headingAnchors(repository.read(resolved)).has(decodeURIComponent(anchor).toLowerCase()))
      return `links to ${target}, but ${resolved} has no heading with the anchor #${anchor}`;
  }
  return undefined;
}

// Plain-text mentions of Markdown files (`docs/x.md`, README.md) must name
// files that exist too: a reader looks for them as surely as for a link.
function markdownMentions(markdown: string): Array<{ name: string; offset: number }> {
  const withoutUrls = markdown.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s)>\]]+/gi, (url) => ' '.repeat(url.length));
  return [...withoutUrls.matchAll(/(?<![\w/.*-])((?:\.{1,2}\/)*[\w-]+(?:[./][\w-]+)*\.md)\b/g)].map(
    (match) => ({
      name: match[1]!,
      offset: match.index,
    }),
  );
}

function markdownMentionExists(repository: Repository, file: string, name: string): boolean {
  if (!name.includes('/'))
    return repository.markdownFiles.some((candidate) => path.posix.basename(candidate) === name);
  const fromFile = path.posix.normalize(path.posix.join(path.posix.dirname(file), name));
  const fromRoot = path.posix.normalize(name);
  return [fromFile, fromRoot].some(
    (candidate) => !candidate.startsWith('../') && repository.exists(candidate),
  );
}

/** The repository on disk. */
export function diskRepository(root: string, markdownFiles: string[]): Repository {
  const absolute = (relativePath: string) => path.join(root, relativePath);
  return {
    root,
    markdownFiles,
    exists: (relativePath) => existsSync(absolute(relativePath)),
    isDirectory: (relativePath) => statSync(absolute(relativePath)).isDirectory(),
    read: (relativePath) => readFileSync(absolute(relativePath), 'utf8'),
  };
}
