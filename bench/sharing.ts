// What the sharing benchmarks (shared-access, shared-with-me) share: folders
// and shares made through the API as a user would, waiting for a share to
// reach its grantee, and removing what they made.
import { checkStop, now, removeUserData, sleep, type BenchContext, type BenchUser } from './support';

export type ItemKind = 'file' | 'folder';
export type ShareRole = 'viewer' | 'editor';

/** POST /v1/folders; returns the new folder's id. */
export async function createFolder(owner: BenchUser, name: string, parentId?: string): Promise<string> {
  const created = await owner.call<{ id: string }>('POST', '/v1/folders', { body: { name, parentId } });
  if (created.status !== 201)
    throw new Error(`POST /v1/folders answered ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body.id;
}

/** POST /v1/{files|folders}/{id}/shares {email, role}; returns the share's id. */
export async function shareItem(
  owner: BenchUser,
  kind: ItemKind,
  itemId: string,
  email: string,
  role: ShareRole = 'viewer',
): Promise<string> {
  const path = `/v1/${kind === 'file' ? 'files' : 'folders'}/${itemId}/shares`;
  const created = await owner.call<{ id: string }>('POST', path, { body: { email, role } });
  if (created.status !== 201)
    throw new Error(`POST ${path} answered ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body.id;
}

/**
 * Polls until `probe` returns true. The files service learns that the
 * grantee verified their address from a Kafka event, so a share made right
 * after the verification reaches them a moment later.
 */
export async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000) {
  const started = now();
  for (;;) {
    checkStop();
    if (await probe()) return now() - started;
    if (now() - started > timeoutMs) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** GET `path` as the user, which must answer 200. */
export async function expectOk(user: BenchUser, path: string): Promise<void> {
  const answer = await user.call('GET', path);
  if (answer.status !== 200)
    throw new Error(`GET ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/** What removeUserData removes, and the shares the owner made. */
export async function removeOwnerData(ctx: BenchContext, ownerId: string): Promise<void> {
  await ctx.db('files.shares').where({ owner_id: ownerId }).delete();
  await removeUserData(ctx, ownerId);
}
