// promtool, Prometheus's own checker: the chart tests run `promtool check
// rules` on the PrometheusRule's groups and on the dashboard's queries, so a
// PromQL typo fails a test instead of a Prometheus reload.
import { VERSIONS } from '../versions';
import { ensureGoBinary } from './go-binary';

export function ensurePromtool(signal?: AbortSignal): Promise<string> {
  return ensureGoBinary(
    {
      name: 'promtool',
      binary: 'promtool',
      // "-nosd" names the cache folder of the build without service discovery.
      version: `${VERSIONS.promtool.version}-nosd`,
      module: VERSIONS.promtool.module,
      expected: 'about 2 min cold, 54 MB',
      ldflags: ['-s', '-w'],
      // Prometheus's own build tag that leaves out the service-discovery plugins (AWS,
      // Azure, GCE, …): `check rules` never uses them, and they were most of a 22-minute
      // cold build. File and HTTP discovery stay (plugins/minimum.go).
      tags: ['remove_all_sd'],
      // The PromQL a promtool accepts changes between releases: the pinned one, not whatever is on PATH.
      preferPath: false,
    },
    signal,
  );
}
