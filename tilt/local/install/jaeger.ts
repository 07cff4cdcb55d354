// Jaeger v2, built from the Go module proxy like MinIO and Mailpit. Its
// go.mod replaces sarama, which `go install pkg@version` refuses, so it is
// built through a wrapper module that repeats the replacement.
//
// The module carries no built web UI: cmd/query/app/ui/actual holds only a
// .gitignore, and the binary serves cmd/query/app/ui/placeholder/index.html
// ("This is not the Jaeger UI you are looking for") at /. The UI is a
// separate JavaScript project that no registry we reach publishes built, so
// locally Jaeger is its query API (/api/services, /api/traces) and the
// placeholder page; see tilt/local/README.md.
import { VERSIONS } from '../versions';
import { ensureGoBinary } from './go-binary';

export function ensureJaeger(signal?: AbortSignal): Promise<string> {
  const { version, module } = VERSIONS.jaeger;
  return ensureGoBinary(
    {
      name: 'jaeger',
      binary: 'jaeger',
      version,
      module,
      expected: 'about 4 min, 85 MB',
      ldflags: ['-s', '-w'],
      // A jaeger on PATH may be v1 (a different program and flags).
      preferPath: false,
      wrapper: {
        require: module,
        package: 'github.com/jaegertracing/jaeger/cmd/jaeger',
        // Jaeger's own go.mod pins sarama this way; a dependent module must repeat it.
        replace: async () => ['github.com/Shopify/sarama => github.com/Shopify/sarama v1.33.0'],
      },
    },
    signal,
  );
}
