// The Redis server, from PATH or from Debian's redis-server package.
import { VERSIONS } from '../versions';
import { aptInstall, findOnPath } from './system';

export async function ensureRedis(): Promise<string> {
  const found = findOnPath('redis-server');
  if (found) return found;
  await aptInstall([VERSIONS.redis.aptPackage], 'Redis was not found (`redis-server` is not on PATH)');
  const installed = findOnPath('redis-server');
  if (!installed)
    throw new Error(
      `installed ${VERSIONS.redis.aptPackage} but redis-server is still not on PATH; check PATH`,
    );
  return installed;
}
