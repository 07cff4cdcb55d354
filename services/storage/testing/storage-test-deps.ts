import { randomUUID } from 'node:crypto';
import type { Client } from 'minio';
import { requireTestEnv } from '../../internal/testing/require-env';
import { objectKey, type ObjectRef } from '../../internal/object-keys';
import { createS3Client } from '../../internal/s3-client';
import type { StorageDeps } from '../deps';
import { ObjectStore } from '../s3/object-store';

const SETTINGS = ['S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET'] as const;

export interface StorageTestContext {
  deps: StorageDeps;
  /** minio-js, a second client, to look at the bucket behind the store's back. */
  client: Client;
  bucket: string;
  /** A fresh `users/<uuid>/<uuid>/1` reference (or `base` filled in), cleaned up after the file's tests. */
  newRef(base?: Partial<ObjectRef>): ObjectRef;
}

/**
 * Registers beforeAll/afterAll hooks that build the storage commands' real
 * dependencies against the test run's own bucket, and remove every object and
 * unfinished upload under the references handed out.
 */
export function useStorageTestDeps(): StorageTestContext {
  const refs: ObjectRef[] = [];
  const context = {
    newRef(base?: Partial<ObjectRef>) {
      const ref = { userId: randomUUID(), fileId: randomUUID(), version: 1, ...base };
      refs.push(ref);
      return ref;
    },
  } as StorageTestContext;

  beforeAll(() => {
    const env = requireTestEnv(SETTINGS);
    const settings = {
      endpoint: env.S3_ENDPOINT,
      region: process.env.S3_REGION ?? 'us-east-1',
      accessKey: env.S3_ACCESS_KEY,
      secretKey: env.S3_SECRET_KEY,
      bucket: env.S3_BUCKET,
    };
    context.deps = { objects: new ObjectStore(settings) };
    context.client = createS3Client(settings);
    context.bucket = env.S3_BUCKET;
  });

  afterAll(async () => {
    const { objects } = context.deps;
    for (const ref of refs) {
      const key = objectKey(ref);
      await objects.abortAllMultipart(key);
      await objects.deleteAllVersions(key);
    }
  });

  return context;
}

/** Every version and delete marker S3 holds under exactly `key`. */
export async function versionsOf(context: StorageTestContext, key: string): Promise<unknown[]> {
  const entries: Array<{ name: string }> = [];
  for await (const entry of context.client.listObjects(context.bucket, key, true, { IncludeVersion: true }))
    entries.push(entry as { name: string });
  return entries.filter((entry) => entry.name === key);
}

/** The multipart uploads S3 still holds open for exactly `key`. */
export async function openUploadsOf(context: StorageTestContext, key: string): Promise<unknown[]> {
  const uploads: Array<{ key: string }> = [];
  for await (const upload of context.client.listIncompleteUploads(context.bucket, key, true))
    uploads.push(upload as { key: string });
  return uploads.filter((upload) => upload.key === key);
}
