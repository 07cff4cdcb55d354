import type { FilesDeps } from '../deps';
import { filesStore, type VersionRow } from '../store';
import { getFile } from './get-file';

export async function listVersions(props: {
  deps: FilesDeps;
  userId: string;
  fileId: string;
}): Promise<{ versions: VersionRow[]; current: number }> {
  const file = await getFile(props);
  const versions = (await filesStore.listVersions(props.deps.db, file.id)).filter(
    (version) => version.status !== 'failed',
  );
  return { versions, current: file.current_version };
}
