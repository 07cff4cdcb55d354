import { Client } from 'minio';

/** How to reach S3 with our keys: part of the `s3` config section. */
export interface S3Connection {
  /** http(s)://host:port; objects are addressed path-style under it. */
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
}

/** A minio-js client (a generic S3 client) for the storage service and the operator. */
export function createS3Client(settings: S3Connection): Client {
  const url = new URL(settings.endpoint);
  const useSSL = url.protocol === 'https:';
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: settings.accessKey,
    secretKey: settings.secretKey,
    // Known up front, so the client never asks S3 for the bucket's region.
    region: settings.region,
    pathStyle: true,
  });
}
