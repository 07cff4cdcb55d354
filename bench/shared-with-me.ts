// Issue 10: GET /v1/shared-with-me?limit=50 for a user with 1,000 shares.
// A few owners each share their own files and folders with one verified
// grantee: the files are seeded in Postgres as the other rows seed them, the
// folders and every share are made through the API (in parallel, as many
// clients would). wrk (its own process, `wrk -t2 -c16 -d10s`, a warm-up
// first) then drives the grantee's first page: p50, p99, req/s and the
// ratio to /healthz of the same run. `npm run bench -- shared-with-me`; not
// part of the default run.
import { wrkPath } from './hot-paths';
import { createFolder, removeOwnerData, shareItem, waitUntil, type ItemKind } from './sharing';
import {
  LOAD,
  newUser,
  now,
  pool,
  say,
  scaled,
  seedReadyFiles,
  type BenchContext,
  type BenchUser,
  type ResultRow,
} from './support';
import { markdownTable } from './table';
import { newVerifiedUser } from './verified-user';

const NAME = 'shared-with-me';
const SHARES = scaled(1000, 100);
const OWNERS = 4;
/** Of each owner's shared items, this share are folders (the rest are files). */
const FOLDER_SHARE = 0.4;
const PATH = '/v1/shared-with-me?limit=50';

interface SharedPage {
  items: unknown[];
  nextCursor: string | null;
}

/** Every item the grantee is shown, page by page (100 a page, the most the API gives). */
async function countSharedWithMe(grantee: BenchUser): Promise<number> {
  let count = 0;
  let path = '/v1/shared-with-me?limit=100';
  for (;;) {
    const page = await grantee.call<SharedPage>('GET', path);
    if (page.status !== 200)
      throw new Error(`GET ${path} answered ${page.status}: ${JSON.stringify(page.body)}`);
    count += page.body.items.length;
    const cursor = page.body.nextCursor;
    if (!cursor) return count;
    path = `/v1/shared-with-me?limit=100&cursor=${encodeURIComponent(cursor)}`;
  }
}

/** `count` items of the owner's (files seeded in Postgres, folders through the API), as [kind, id]. */
async function ownersItems(ctx: BenchContext, owner: BenchUser, count: number, label: string) {
  const folders = Math.round(count * FOLDER_SHARE);
  const fileIds = await seedReadyFiles(ctx.db, owner.id, count - folders, { size: 4096, prefix: label });
  const folderIds = await pool(folders, LOAD.concurrency, (index) =>
    createFolder(owner, `${label}-folder-${String(index).padStart(4, '0')}`),
  );
  return [
    ...fileIds.map((id) => ['file', id] as [ItemKind, string]),
    ...folderIds.map((id) => ['folder', id] as [ItemKind, string]),
  ];
}

export async function sharedWithMe(ctx: BenchContext): Promise<ResultRow[]> {
  const owners: BenchUser[] = [];
  try {
    const grantee = await newVerifiedUser(ctx.baseUrl, `${NAME}-grantee`);
    for (let index = 0; index < OWNERS; index += 1)
      owners.push(await newUser(ctx.baseUrl, `${NAME}-owner-${index}`));

    const seedStarted = now();
    const items: Array<[BenchUser, ItemKind, string]> = [];
    for (const [index, owner] of owners.entries()) {
      const count = Math.floor(SHARES / OWNERS) + (index < SHARES % OWNERS ? 1 : 0);
      for (const [kind, id] of await ownersItems(ctx, owner, count, `owner${index}`))
        items.push([owner, kind, id]);
    }
    const itemsS = (now() - seedStarted) / 1000;
    const sharesStarted = now();
    await pool(items.length, LOAD.concurrency, (index) => {
      const [owner, kind, id] = items[index]!;
      return shareItem(owner, kind, id, grantee.email, 'viewer');
    });
    const sharesS = (now() - sharesStarted) / 1000;
    // The files service may learn of the grantee's verification after some shares were made.
    const reachedMs = await waitUntil(`${SHARES} shares reaching the grantee`, async () => {
      return (await countSharedWithMe(grantee)) === SHARES;
    });
    const folders = items.filter(([, kind]) => kind === 'folder').length;
    say(
      NAME,
      `${SHARES} items (${SHARES - folders} files seeded in Postgres, ${folders} folders through the API) of ${OWNERS} owners in ` +
        `${itemsS.toFixed(1)} s; ${SHARES} POST …/shares, ${LOAD.concurrency} at a time, in ${sharesS.toFixed(1)} s ` +
        `(${(SHARES / sharesS).toFixed(0)}/s); all listed for the grantee ${reachedMs.toFixed(0)} ms later`,
    );

    const result = await wrkPath(ctx, PATH, grantee);
    const failed = result.errors > 0 ? `, ${result.errors} FAILED` : '';
    const healthz = ctx.measured.get('healthz');
    const toHealthz = healthz?.rate ? `${(result.rate / healthz.rate).toPrecision(2)} (rate)` : '—';
    say(
      NAME,
      `GET ${PATH} with ${SHARES} shares: p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ` +
        `${result.rate.toFixed(0)} req/s${failed}; ratio to /healthz ${toHealthz}`,
    );
    const figures = `p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ${Math.round(result.rate).toLocaleString('en-US')} req/s${failed}`;
    process.stdout.write(
      `\nIssue 10, shared with me (no target in the issue: p50 and req/s are reported):\n\n` +
        `${markdownTable(['route', 'now', 'ratio to /healthz'], [[`GET ${PATH} (${SHARES.toLocaleString('en-US')} shares)`, figures, toHealthz]])}\n\n`,
    );
    return [
      {
        benchmark: NAME,
        metric: `GET ${PATH}, ${SHARES.toLocaleString('en-US')} shares`,
        value: `p50 ${result.p50Ms.toFixed(2)} ms`,
        note: `p99 ${result.p99Ms.toFixed(2)} ms, ${result.rate.toFixed(0)} req/s${failed}; ratio to /healthz ${toHealthz}`,
      },
    ];
  } finally {
    for (const owner of owners) await removeOwnerData(ctx, owner.id);
  }
}
