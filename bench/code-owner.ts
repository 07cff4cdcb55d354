// Which package or project folder a profile frame's code belongs to, so a
// profile can say where the time went by library ("pg", "ws", "knex") and
// by project folder ("services/chat"), not only by function.

/** The owner of a script url: an npm package, a project folder, or undefined for Node's own code. */
export function ownerOfUrl(url: string, repoRoot?: string): string | undefined {
  const file = url.replace(/^file:\/\//, '');
  const inModules = file.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const [first, second] = file.slice(inModules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : first;
  }
  if (!repoRoot || !file.startsWith(`${repoRoot}/`)) return undefined;
  // The compiled tree mirrors the sources: dist/services/chat/... is services/chat;
  // a file directly in a top folder (bench/run.ts) counts for that folder.
  const parts = file
    .slice(repoRoot.length + 1)
    .replace(/^dist\//, '')
    .split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts[0];
}
