import type { StorageDeps } from '../deps';
import { objectKey, objectRefProblems, type ObjectRef } from '../../internal/object-keys';
import {
  assertValid,
  contentTypeProblem,
  DEFAULT_PRESIGN_EXPIRES_SECONDS,
  expiryProblem,
} from '../validation';

// Far more than any file system allows, yet keeps the URL within what proxies accept.
const MAX_FILE_NAME_LENGTH = 1024;

/**
 * A GET URL that downloads the object under the user's file name and type.
 * An empty content type leaves the one stored with the object; an empty file
 * name gives a plain `attachment`.
 */
export async function presignDownload(props: {
  deps: StorageDeps;
  object: ObjectRef;
  fileName: string;
  contentType?: string;
  expiresInSeconds?: number;
}): Promise<{ url: string; expiresAt: Date }> {
  const { deps, fileName, contentType } = props;
  const expiresInSeconds = props.expiresInSeconds || DEFAULT_PRESIGN_EXPIRES_SECONDS;
  assertValid([
    objectRefProblems(props.object),
    fileName.length <= MAX_FILE_NAME_LENGTH
      ? undefined
      : { field: 'file_name', message: `must be at most ${MAX_FILE_NAME_LENGTH} characters` },
    contentType ? contentTypeProblem(contentType) : undefined,
    expiryProblem(expiresInSeconds),
  ]);
  const now = deps.now?.() ?? new Date();
  const url = await deps.objects.presignGet({
    key: objectKey(props.object),
    fileName,
    contentType,
    expiresInSeconds,
    now,
  });
  return { url, expiresAt: new Date(now.getTime() + expiresInSeconds * 1000) };
}
