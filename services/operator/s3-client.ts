import { Client } from 'minio';
import type { ConfigSection } from '../internal/config';

/** A MinIO client (any S3) for bucket administration, from the shared s3 settings. */
export function createAdminS3Client(settings: ConfigSection<'s3'>): Client {
  const url = new URL(settings.endpoint);
  const useSSL = url.protocol === 'https:';
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: settings.accessKey,
    secretKey: settings.secretKey,
    region: settings.region,
    pathStyle: true,
  });
}
