import { parseObjectKey, type ObjectRef } from '../../internal/object-keys';
import type { StorageDeps } from '../deps';
import type { VersionListMarker } from '../s3/object-store';
import { assertValid } from '../validation';
import { userIdProblem, userPrefix } from './user-prefix';

export const MAX_LIST_PAGE = 1000;

export interface ListedVersion {
  key: string;
  /** Undefined for a key under the prefix that is not a StreamHub object key. */
  object?: ObjectRef;
  versionId: string;
  size: number;
  latest: boolean;
  deleteMarker: boolean;
}

/**
 * One page of every S3 version and delete marker under one user's prefix, or
 * under every user's when `userId` is empty: what the bucket actually holds,
 * for usage reconciliation. The page token is opaque to callers.
 */
export async function listStoredVersions(props: {
  deps: StorageDeps;
  userId: string;
  pageToken: string;
  pageSize: number;
}): Promise<{ versions: ListedVersion[]; nextPageToken: string }> {
  const after = props.pageToken ? decodeToken(props.pageToken) : undefined;
  assertValid([
    props.userId ? userIdProblem(props.userId) : undefined,
    props.pageToken && !after
      ? { field: 'page_token', message: 'must be a token a page returned' }
      : undefined,
    props.pageSize < 0 || props.pageSize > MAX_LIST_PAGE
      ? { field: 'page_size', message: `must be from 0 to ${MAX_LIST_PAGE}` }
      : undefined,
  ]);
  const page = await props.deps.objects.listVersionsUnder(
    props.userId ? userPrefix(props.userId) : 'users/',
    {
      after,
      maxKeys: props.pageSize || MAX_LIST_PAGE,
    },
  );
  return {
    versions: page.entries.map((entry) => ({ ...entry, object: parseObjectKey(entry.key) })),
    nextPageToken: page.next ? Buffer.from(JSON.stringify(page.next)).toString('base64url') : '',
  };
}

function decodeToken(token: string): VersionListMarker | undefined {
  try {
    const marker = JSON.parse(Buffer.from(token, 'base64url').toString()) as Partial<VersionListMarker>;
    if (typeof marker.keyMarker !== 'string') return undefined;
    if (marker.versionIdMarker !== undefined && typeof marker.versionIdMarker !== 'string') return undefined;
    return { keyMarker: marker.keyMarker, versionIdMarker: marker.versionIdMarker };
  } catch {
    return undefined;
  }
}
