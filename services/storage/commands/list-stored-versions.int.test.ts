import { randomUUID } from 'node:crypto';
import { objectKey } from '../../internal/object-keys';
import { useStorageTestDeps } from '../testing/storage-test-deps';
import { listStoredVersions } from './list-stored-versions';

describe('listStoredVersions against the real S3 (MinIO)', () => {
  const context = useStorageTestDeps();

  it("lists every version under the user's prefix with its size, a page at a time", async () => {
    const userId = randomUUID();
    const first = context.newRef({ userId });
    const second = context.newRef({ userId, version: 2 });
    context.newRef();
    const { client, bucket } = context;
    await client.putObject(bucket, objectKey(first), Buffer.from('one'));
    await client.putObject(bucket, objectKey(first), Buffer.from('one again'));
    await client.putObject(bucket, objectKey(second), Buffer.from('two!'));

    const seen = [];
    let pageToken = '';
    let pages = 0;
    do {
      const page = await listStoredVersions({ deps: context.deps, userId, pageToken, pageSize: 2 });
      seen.push(...page.versions);
      pageToken = page.nextPageToken;
      pages += 1;
    } while (pageToken);

    expect(pages).toBe(2);
    expect(
      seen.map(({ object, size, latest, deleteMarker }) => ({ object, size, latest, deleteMarker })),
    ).toEqual(
      expect.arrayContaining([
        { object: first, size: 9, latest: true, deleteMarker: false },
        { object: first, size: 3, latest: false, deleteMarker: false },
        { object: second, size: 4, latest: true, deleteMarker: false },
      ]),
    );
    expect(seen).toHaveLength(3);
  });

  it('rejects a page token it did not hand out', async () => {
    await expect(
      listStoredVersions({ deps: context.deps, userId: randomUUID(), pageToken: 'nonsense', pageSize: 0 }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});
