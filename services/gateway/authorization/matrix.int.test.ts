import knex from 'knex';
import { CALLER_ROLES, RULE_TABLE, type CallerRole, type ItemState } from '../../internal/authorization';
import { signUpAdmin, signUpUser, verifyEmail, type ApiUser } from '../../internal/testing/api-users';
import { eventually } from '../../internal/testing/eventually';
import { apiClient } from '../../internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../../internal/testing/test-platform';
import { createFolder, createItem, share, type Grantees, type Reach } from './matrix-fixtures';
import { MATRIX_ROUTES, STATES_OF, type Expected, type MatrixItem, type MatrixRoute } from './matrix-routes';

// The authorization matrix, held against the running gateway: every item
// route × every caller role × every item state, on items reached directly
// and through a folder share three levels up. The expected answers are read
// from RULE_TABLE (services/internal/authorization), the same data that
// writes docs/authorization.md, so the documentation, the rules and the
// gateway cannot disagree without this suite failing.

const REACHES: readonly Reach[] = ['direct', 'folderThreeUp'];

function expectedAnswer(route: MatrixRoute, role: CallerRole, state: ItemState): Expected {
  const decision = RULE_TABLE[role][state][route.operation];
  if (decision === 401) return [401, 'unauthenticated'];
  if (decision === 403) return [403, 'forbidden'];
  if (decision === 404) return 404;
  if (decision === 409) return [409, 'not_trashed'];
  const allowed = route.allowed[state];
  if (allowed === undefined) throw new Error(`${route.name}: no allowed answer pinned for a ${state} item`);
  return allowed;
}

describe('the authorization matrix over every item route (real gateway and services)', () => {
  let app: TestPlatform;
  let db: ReturnType<typeof knex>;
  let owner: ApiUser;
  let grantees: Grantees;
  const callers = {} as Record<CallerRole, ApiUser['call']>;
  /** Per reach: the owner's folder that the grantees may create in, where the move routes go. */
  const destinations = {} as Record<Reach, string>;
  const sharedItems = new Map<string, MatrixItem>();

  beforeAll(async () => {
    app = await startTestPlatform({
      env: { MULTIPART_THRESHOLD_BYTES: String(6 * 1024 * 1024), TRASH_BATCH_WINDOW_SECONDS: '1' },
    });
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
    owner = await signUpUser(app.baseUrl, 'owner');
    grantees = {
      editor: await signUpUser(app.baseUrl, 'editor'),
      viewer: await signUpUser(app.baseUrl, 'viewer'),
    };
    const other = await signUpUser(app.baseUrl, 'other');
    const admin = await signUpAdmin(app.baseUrl, db);
    const anonymous = apiClient(app.baseUrl);
    Object.assign(callers, {
      owner: owner.call,
      editor: grantees.editor.call,
      viewer: grantees.viewer.call,
      otherUser: other.call,
      admin: admin.call,
      anonymous: (method: string, path: string, options = {}) => anonymous(method, path, options),
    });
    // A share reaches an account once its address is verified; the files service learns it from Kafka.
    await verifyEmail(app.baseUrl, grantees.editor);
    await verifyEmail(app.baseUrl, grantees.viewer);
    for (const reach of REACHES) {
      destinations[reach] = await createFolder(owner);
      await share(owner, 'folder', destinations[reach], grantees.editor.email, 'editor');
      await share(owner, 'folder', destinations[reach], grantees.viewer.email, 'editor');
    }
    for (const grantee of [grantees.editor, grantees.viewer])
      await eventually(
        async () =>
          (await grantee.call('GET', `/v1/folders/${destinations.direct}`)).status === 200 || undefined,
        `the share reaching ${grantee.email} after verification`,
        30_000,
      );
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await app?.stop();
  });

  /** Items that no allowed write touches are made once per kind, state and reach. */
  async function itemFor(route: MatrixRoute, role: CallerRole, state: ItemState, reach: Reach) {
    const fresh = route.writes && RULE_TABLE[role][state][route.operation] === 'allowed';
    if (fresh) return createItem(owner, grantees, route.kind, state, reach);
    const key = `${route.kind}/${state}/${reach}`;
    if (!sharedItems.has(key))
      sharedItems.set(key, await createItem(owner, grantees, route.kind, state, reach));
    return sharedItems.get(key)!;
  }

  for (const reach of REACHES)
    describe(`items reached ${reach === 'direct' ? 'through a share on the item' : 'through a folder share three levels up'}`, () => {
      for (const route of MATRIX_ROUTES)
        for (const state of STATES_OF[route.kind])
          for (const role of CALLER_ROLES) {
            const expected = expectedAnswer(route, role, state);
            const [status, code] = typeof expected === 'number' ? [expected, undefined] : expected;
            it(`${route.name} on a ${state} ${route.kind} as ${role} → ${status}${code ? ` ${code}` : ''}`, async () => {
              const item = await itemFor(route, role, state, reach);
              const request = route.request(item, destinations[reach]);
              const response = await callers[role](request.method, request.path, { body: request.body });
              expect({ status: response.status, code: code && response.body?.code }).toEqual({
                status,
                code,
              });
            });
          }
    });
});
