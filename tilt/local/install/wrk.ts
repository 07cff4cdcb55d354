// wrk, the HTTP load generator the benchmarks drive (bench/), from Debian's
// `wrk` package: it runs in a process of its own, never inside the app's.
import { aptInstall, findOnPath } from './system';

export async function ensureWrk(): Promise<string> {
  const onPath = findOnPath('wrk');
  if (onPath) return onPath;
  await aptInstall(['wrk'], 'The benchmarks need wrk, an HTTP load generator');
  const installed = findOnPath('wrk');
  if (!installed) throw new Error('apt-get installed wrk, but no `wrk` is on PATH');
  return installed;
}
