// Issue 10: a file reached through a folder share 5 levels up costs the
// grantee about what it costs the owner. The owner builds 5 nested folders,
// uploads one small file into the deepest (create + PUT + complete, as a
// client would) and shares the top folder with a verified grantee as viewer.
// wrk (its own process, `wrk -t2 -c16 -d10s`, a warm-up first) then drives,
// in this one run: GET /v1/files/{id} as the owner and as the grantee, then
// GET /v1/files/{id}/download?redirect=false as each. The grantee's rate over
// the owner's must be ≥ 0.8. `npm run bench -- shared-access`; not part of
// the default run.
import { putAndComplete } from '../services/internal/testing/api-users';
import { wrkPath } from './hot-paths';
import { createFolder, expectOk, removeOwnerData, shareItem, waitUntil } from './sharing';
import { createUpload, newUser, say, type BenchContext, type BenchUser, type ResultRow } from './support';
import { markdownTable } from './table';
import { newVerifiedUser } from './verified-user';
import type { WrkResult } from './wrk';

const NAME = 'shared-access';
const DEPTH = 5;
const TARGET = 0.8;

/** The file in the deepest of DEPTH nested folders; returns its id and the top folder's. */
async function fileDeepDown(owner: BenchUser) {
  const topId = await createFolder(owner, 'level-1');
  let parentId = topId;
  for (let level = 2; level <= DEPTH; level += 1)
    parentId = await createFolder(owner, `level-${level}`, parentId);
  const created = await createUpload(owner, 1024, parentId);
  await putAndComplete(owner, created, Buffer.alloc(1024, 7));
  return { fileId: created.file.id, topId };
}

const rate = (result: WrkResult): string => `${Math.round(result.rate).toLocaleString('en-US')} req/s`;
const latencies = (result: WrkResult): string =>
  `p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms` +
  (result.errors > 0 ? `, ${result.errors} FAILED` : '');
const figures = (result: WrkResult): string => `${rate(result)}, ${latencies(result)}`;

export async function sharedAccess(ctx: BenchContext): Promise<ResultRow[]> {
  const owner = await newUser(ctx.baseUrl, `${NAME}-owner`);
  try {
    const grantee = await newVerifiedUser(ctx.baseUrl, `${NAME}-grantee`);
    const { fileId, topId } = await fileDeepDown(owner);
    await shareItem(owner, 'folder', topId, grantee.email, 'viewer');
    const reachedMs = await waitUntil(
      `file ${fileId} reaching the grantee through the share ${DEPTH} levels up`,
      async () => (await grantee.call('GET', `/v1/files/${fileId}`)).status === 200,
    );
    say(
      NAME,
      `file in folder level ${DEPTH}, level 1 shared as viewer: the grantee reached it ${reachedMs.toFixed(0)} ms after the share`,
    );

    const healthz = ctx.measured.get('healthz');
    const rows: ResultRow[] = [];
    const cells: string[][] = [];
    const routes: Array<[string, string]> = [
      ['GET /v1/files/{id}', `/v1/files/${fileId}`],
      ['GET /v1/files/{id}/download?redirect=false', `/v1/files/${fileId}/download?redirect=false`],
    ];
    for (const [label, path] of routes) {
      await expectOk(owner, path);
      await expectOk(grantee, path);
      const asOwner = await wrkPath(ctx, path, owner);
      say(NAME, `${label} as the owner: ${figures(asOwner)}`);
      const asGrantee = await wrkPath(ctx, path, grantee);
      say(NAME, `${label} as the grantee (share ${DEPTH} levels up): ${figures(asGrantee)}`);
      const ratio = asGrantee.rate / asOwner.rate;
      const met = ratio >= TARGET && asOwner.errors === 0 && asGrantee.errors === 0;
      const toHealthz = healthz?.rate ? (asGrantee.rate / healthz.rate).toPrecision(2) : '—';
      cells.push([
        label,
        figures(asOwner),
        figures(asGrantee),
        ratio.toFixed(2),
        `≥ ${TARGET}`,
        met ? 'met' : 'missed',
        toHealthz,
      ]);
      rows.push(
        {
          benchmark: NAME,
          metric: `${label} as owner`,
          value: rate(asOwner),
          note: latencies(asOwner),
        },
        {
          benchmark: NAME,
          metric: `${label} as grantee (folder share ${DEPTH} levels up)`,
          value: rate(asGrantee),
          note: latencies(asGrantee),
        },
        {
          benchmark: NAME,
          metric: `${label} grantee/owner`,
          value: ratio.toFixed(2),
          note: `target ≥ ${TARGET}: ${met ? 'met' : 'missed'}`,
        },
      );
    }
    process.stdout.write(
      `\nIssue 10, shared access (one run; grantee/owner is the rate ratio; ratio to /healthz is the grantee's):\n\n` +
        `${markdownTable(['route', 'as owner', `as grantee (share ${DEPTH} levels up)`, 'grantee/owner', 'target', 'target met', 'grantee ratio to /healthz'], cells)}\n\n`,
    );
    return rows;
  } finally {
    await removeOwnerData(ctx, owner.id);
  }
}
