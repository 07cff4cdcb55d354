import { S3Client } from '@aws-sdk/client-s3';
import { Client } from 'minio';

/** How to reach S3 with our keys: part of the `s3` config section. */
export interface S3Connection {
  /** http(s)://host:port; objects are addressed path-style under it. */
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
}

/**
 * The AWS SDK's S3 client, for object traffic (the storage service): it signs
 * presigned URLs that bind headers, which minio-js cannot.
 */
export function createAwsS3Client(settings: S3Connection): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    credentials: { accessKeyId: settings.accessKey, secretAccessKey: settings.secretKey },
    // MinIO (and an endpoint reached by IP) has no per-bucket host names.
    forcePathStyle: true,
    // Otherwise the SDK adds CRC32 checksums of its own to uploads and multipart
    // uploads, which a presigned PUT cannot carry; we bind SHA-256 ourselves.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A minio-js client, for MinIO administration (bucket notifications) and the operator. */
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
