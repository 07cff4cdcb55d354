// The MinIO server: the S3 API StreamHub stores files in, and the source of
// the bucket notifications sent to Kafka.
import { VERSIONS } from '../versions';
import { ensureGoBinary } from './go-binary';

export function ensureMinio(signal?: AbortSignal): Promise<string> {
  return ensureGoBinary(
    {
      name: 'minio',
      binary: 'minio',
      version: VERSIONS.minio.version,
      module: VERSIONS.minio.module,
      expected: 'about 3.5 min, 143 MB',
    },
    signal,
  );
}
