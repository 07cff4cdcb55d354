import type { StreamHubClient } from '../client.js';
import type { components } from '../generated/schema.js';
import { ProblemError } from '../errors.js';
import { unwrap } from '../unwrap.js';

type Folder = components['schemas']['Folder'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A folder argument: a folder id, `/` or `root`, or a path from the root such as /photos/2026. Answers null for the root. */
export async function resolveFolder(
  client: StreamHubClient,
  folder: string | undefined,
): Promise<string | null> {
  if (folder === undefined || folder === '/' || folder === 'root' || folder === '') return null;
  if (UUID.test(folder)) return folder;
  let parentId: string | null = null;
  for (const name of folder.split('/').filter(Boolean)) {
    const found = await childFolder(client, parentId, name);
    if (!found)
      throw new ProblemError({
        type: 'about:blank',
        title: 'Folder not found',
        status: 404,
        code: 'folder_not_found',
        detail: `no folder ${JSON.stringify(name)} in ${parentId ?? 'the root'}`,
      });
    parentId = found.id;
  }
  return parentId;
}

/** The folder named `name` in `parentId` (null: the root), or undefined. */
export async function childFolder(
  client: StreamHubClient,
  parentId: string | null,
  name: string,
): Promise<Folder | undefined> {
  let cursor: string | undefined;
  do {
    const page = unwrap(
      await client.api.GET('/v1/folders', {
        params: {
          query: { parentId: parentId ?? 'root', q: name, limit: 100, ...(cursor ? { cursor } : {}) },
        },
      }),
    );
    const match = page.items.find((folder) => folder.name === name);
    if (match) return match;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return undefined;
}

/** The folder `name` in `parentId`, made when it is not there (a directory upload run twice reuses its folders). */
export async function ensureFolder(
  client: StreamHubClient,
  parentId: string | null,
  name: string,
): Promise<string> {
  const answer = await client.api.POST('/v1/folders', { body: { name, ...(parentId ? { parentId } : {}) } });
  if (answer.response.status !== 409) return unwrap(answer).id;
  const existing = await childFolder(client, parentId, name);
  if (!existing) return unwrap(answer).id; // a file holds the name: report the 409
  return existing.id;
}
