import { signUpUser, verifyEmail, type ApiUser } from '../../../internal/testing/api-users';
import { eventually } from '../../../internal/testing/eventually';
import { startTestPlatform, type TestPlatform } from '../../../internal/testing/test-platform';

// GET /v1/folders against the real gateway and files service: the page shape,
// the sealed cursors, the parent's access gate and the query's validation.
describe('GET /v1/folders (real gateway and services)', () => {
  let app: TestPlatform;
  let owner: ApiUser;
  let grantee: ApiUser;
  let stranger: ApiUser;

  interface FolderPage {
    items: Array<{ id: string; name: string; parentId: string | null; createdAt: string; updatedAt: string }>;
    nextCursor: string | null;
  }

  beforeAll(async () => {
    app = await startTestPlatform();
    owner = await signUpUser(app.baseUrl, 'owner');
    grantee = await signUpUser(app.baseUrl, 'grantee');
    stranger = await signUpUser(app.baseUrl, 'stranger');
    // A share reaches an account once its address is verified.
    await verifyEmail(app.baseUrl, grantee);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
  });

  async function createFolder(user: ApiUser, name: string, parentId?: string): Promise<string> {
    const created = await user.call<{ id: string }>('POST', '/v1/folders', { body: { name, parentId } });
    expect(created.status).toBe(201);
    return created.body.id;
  }
  const list = (user: ApiUser, query = '') => user.call<FolderPage>('GET', `/v1/folders${query}`);
  /** An answer that is a problem, not a page. */
  const listProblem = (user: ApiUser, query: string) =>
    user.call<{ code: string }>('GET', `/v1/folders${query}`);
  const names = (page: FolderPage) => page.items.map((folder) => folder.name);

  it('lists the caller’s root folders by default, as Folder objects, trashed ones left out', async () => {
    const user = await signUpUser(app.baseUrl, 'root');
    const photos = await createFolder(user, 'Photos');
    await createFolder(user, 'Archive');
    await createFolder(user, 'Inside', photos);
    const trashed = await createFolder(user, 'Trashed');
    expect((await user.call('DELETE', `/v1/folders/${trashed}`)).status).toBe(202);
    await createFolder(stranger, 'Not theirs');

    const response = await list(user);
    expect(response.status).toBe(200);
    expect(names(response.body)).toEqual(['Archive', 'Photos']);
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.items[1]).toEqual({
      id: photos,
      name: 'Photos',
      parentId: null,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
    expect(names((await list(user, '?parentId=root')).body)).toEqual(['Archive', 'Photos']);
    const inside = await list(user, `?parentId=${photos}`);
    expect(inside.body.items).toEqual([expect.objectContaining({ name: 'Inside', parentId: photos })]);
  });

  it('searches and sorts, and pages with sealed cursors to the end', async () => {
    const user = await signUpUser(app.baseUrl, 'paging');
    const parent = await createFolder(user, 'Projects');
    for (const name of ['delta', 'Alpha', 'charlie', 'bravo', 'echo']) await createFolder(user, name, parent);

    expect(names((await list(user, `?parentId=${parent}&q=HA`)).body)).toEqual(['Alpha', 'charlie']);
    expect(names((await list(user, `?parentId=${parent}&sort=-name`)).body)).toEqual([
      'echo',
      'delta',
      'charlie',
      'bravo',
      'Alpha',
    ]);
    expect(names((await list(user, `?parentId=${parent}&sort=createdAt`)).body)).toEqual([
      'delta',
      'Alpha',
      'charlie',
      'bravo',
      'echo',
    ]);
    expect(names((await list(user, `?parentId=${parent}&sort=-createdAt`)).body)).toEqual([
      'echo',
      'bravo',
      'charlie',
      'Alpha',
      'delta',
    ]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: FolderPage } = await list(
        user,
        `?parentId=${parent}&sort=createdAt&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...names(page.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['delta', 'Alpha', 'charlie', 'bravo', 'echo']);

    // A cursor is sealed for this list: the files list refuses it, and a forged one is a 400.
    const first = await list(user, `?parentId=${parent}&limit=2`);
    const sealed = encodeURIComponent(first.body.nextCursor!);
    const elsewhere = await user.call('GET', `/v1/files?folderId=${parent}&cursor=${sealed}`);
    expect({ status: elsewhere.status, code: elsewhere.body?.code }).toEqual({
      status: 400,
      code: 'invalid_cursor',
    });
    const forged = await listProblem(
      user,
      `?parentId=${parent}&cursor=${Buffer.from('{}').toString('base64url')}`,
    );
    expect({ status: forged.status, code: forged.body?.code }).toEqual({
      status: 400,
      code: 'invalid_cursor',
    });
  });

  it('answers 404 folder_not_found for another user’s folder as the parent', async () => {
    const theirs = await createFolder(stranger, 'Private');
    await createFolder(stranger, 'Inside', theirs);
    const response = await listProblem(owner, `?parentId=${theirs}`);
    expect({ status: response.status, code: response.body?.code }).toEqual({
      status: 404,
      code: 'folder_not_found',
    });
  });

  it('lists a shared folder’s subfolders for the grantee, down the chain too', async () => {
    const shared = await createFolder(owner, 'Shared');
    const album = await createFolder(owner, 'Album', shared);
    await createFolder(owner, 'Raw', album);
    await createFolder(owner, 'Edited', album);
    const shareResponse = await owner.call('POST', `/v1/folders/${shared}/shares`, {
      body: { email: grantee.email, role: 'viewer' },
    });
    expect(shareResponse.status).toBe(201);
    // The files service learns the grantee's verified account from Kafka.
    const direct = await eventually(
      async () => {
        const response = await list(grantee, `?parentId=${shared}`);
        return response.status === 200 ? response : undefined;
      },
      'the share reaching the grantee',
      30_000,
    );
    expect(names(direct.body)).toEqual(['Album']);
    expect(names((await list(grantee, `?parentId=${album}`)).body)).toEqual(['Edited', 'Raw']);
    // The grantee's root stays their own.
    expect(names((await list(grantee)).body)).not.toContain('Shared');
  });

  it.each([
    ['?parentId=nope', 'query.parentId'],
    ['?sort=size', 'query.sort'],
    ['?limit=0', 'query.limit'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const response = await listProblem(owner, query);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_argument');
    expect(JSON.stringify(response.body)).toContain(field);
  });

  it('answers 401 without a token', async () => {
    const response = await fetch(`${app.baseUrl}/v1/folders`);
    expect(response.status).toBe(401);
  });
});
