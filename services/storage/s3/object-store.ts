import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createAwsS3Client } from '../../internal/s3-client';
import { attachmentDisposition } from './content-disposition';
import { GetUrlSigner } from './get-url-signer';

// Everything StreamHub asks of S3, for one bucket, through the AWS SDK. Only
// S3 API calls are used, nothing MinIO-specific.

/** S3 refuses a presigned URL valid for longer than 7 days. */
export const MAX_PRESIGN_EXPIRES_SECONDS = 7 * 24 * 3600;

export interface S3Settings {
  /** http(s)://host:port; objects are addressed path-style under it. */
  endpoint: string;
  /** Where clients reach S3, when not at `endpoint` (behind an ingress, in Kubernetes); URLs handed to clients use it. */
  publicEndpoint?: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
}

export interface PresignedPut {
  url: string;
  /** Sent with the PUT exactly as given: they are part of the signature. */
  headers: Record<string, string>;
}

export interface ObjectStat {
  size: number;
  contentType: string;
  etag: string;
  /** Lower-case hex; only when S3 kept a SHA-256 of the whole object. */
  sha256Hex?: string;
}

interface Presigning {
  expiresInSeconds: number;
  /** When the signature starts; defaults to now. */
  now?: Date;
}

export class ObjectStore {
  readonly bucket: string;
  /** Signs the URLs handed to clients, for the endpoint they reach. */
  private readonly publicClient: S3Client;
  /** Signs download URLs for the same endpoint as publicClient. */
  private readonly getUrls: GetUrlSigner;

  constructor(
    settings: S3Settings,
    private readonly client: S3Client = createAwsS3Client(settings),
  ) {
    this.bucket = settings.bucket;
    this.publicClient = settings.publicEndpoint
      ? createAwsS3Client({ ...settings, endpoint: settings.publicEndpoint })
      : client;
    this.getUrls = new GetUrlSigner({ ...settings, endpoint: settings.publicEndpoint ?? settings.endpoint });
  }

  async bucketExists(): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return true;
    } catch (error) {
      if (httpStatus(error) === 404) return false;
      throw error;
    }
  }

  /**
   * A single PUT that S3 accepts only with this exact Content-Length and
   * Content-Type, when given a body whose SHA-256 matches, and only while
   * the key holds no object (If-None-Match: *): once the upload is stored
   * the same URL cannot replace it (412 Precondition Failed).
   */
  async presignPut(
    props: { key: string; size: number; contentType: string; sha256Hex?: string } & Presigning,
  ): Promise<PresignedPut> {
    // S3 verifies the body against this header and stores it, so HEAD can report it later.
    const checksum = props.sha256Hex ? Buffer.from(props.sha256Hex, 'hex').toString('base64') : undefined;
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: props.key,
      ContentLength: props.size,
      ContentType: props.contentType,
      ChecksumSHA256: checksum,
      IfNoneMatch: '*',
    });
    const headers: Record<string, string> = {
      'content-length': String(props.size),
      'content-type': props.contentType,
      'if-none-match': '*',
      ...(checksum ? { 'x-amz-checksum-sha256': checksum } : {}),
    };
    const url = await getSignedUrl(this.publicClient, command, presignOptions(props, Object.keys(headers)));
    return { url, headers };
  }

  async initiateMultipart(props: { key: string; contentType: string }): Promise<string> {
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.bucket,
        Key: props.key,
        ContentType: props.contentType,
      }),
    );
    if (!UploadId) throw new Error(`S3 started a multipart upload of ${props.key} without an upload id`);
    return UploadId;
  }

  /**
   * One part's PUT; with `size`, S3 accepts it only with exactly that
   * Content-Length (signed), so a part cannot be larger than planned.
   */
  async presignPart(
    props: { key: string; uploadId: string; partNumber: number; size?: number } & Presigning,
  ): Promise<string> {
    const command = new UploadPartCommand({
      Bucket: this.bucket,
      Key: props.key,
      UploadId: props.uploadId,
      PartNumber: props.partNumber,
      ContentLength: props.size,
    });
    const bound = props.size === undefined ? [] : ['content-length'];
    return getSignedUrl(this.publicClient, command, presignOptions(props, bound));
  }

  /** The parts S3 holds for a multipart upload, by number, with their sizes (NoSuchUpload as S3 throws it). */
  async listParts(props: {
    key: string;
    uploadId: string;
  }): Promise<Array<{ partNumber: number; size: number }>> {
    const parts: Array<{ partNumber: number; size: number }> = [];
    let marker: string | undefined;
    do {
      const page = await this.client.send(
        new ListPartsCommand({
          Bucket: this.bucket,
          Key: props.key,
          UploadId: props.uploadId,
          PartNumberMarker: marker,
        }),
      );
      for (const part of page.Parts ?? [])
        parts.push({ partNumber: part.PartNumber ?? 0, size: part.Size ?? 0 });
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
    return parts;
  }

  /** Throws S3's error (see s3ErrorCode: NoSuchUpload, InvalidPart, InvalidPartOrder, EntityTooSmall, ...) as is. */
  async completeMultipart(props: {
    key: string;
    uploadId: string;
    parts: Array<{ partNumber: number; etag: string }>;
  }): Promise<{ etag: string }> {
    const parts = [...props.parts]
      .sort((a, b) => a.partNumber - b.partNumber)
      .map((part) => ({ PartNumber: part.partNumber, ETag: part.etag }));
    const { ETag } = await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: props.key,
        UploadId: props.uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    return { etag: unquote(ETag ?? '') };
  }

  /** Aborts one multipart upload; one that is already gone counts as aborted. */
  async abortMultipart(props: { key: string; uploadId: string }): Promise<void> {
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: props.key, UploadId: props.uploadId }),
      );
    } catch (error) {
      if (s3ErrorCode(error) !== 'NoSuchUpload') throw error;
    }
  }

  /** Aborts every unfinished multipart upload of exactly this key (also those whose id the caller lost). */
  async abortAllMultipart(key: string): Promise<number> {
    let aborted = 0;
    // Uploads are listed by key, so this key's come first; an aborted one is
    // not listed again, so listing until none is left needs no markers.
    for (;;) {
      const { Uploads = [] } = await this.client.send(
        new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: key }),
      );
      const ours = Uploads.filter((upload) => upload.Key === key && upload.UploadId);
      if (ours.length === 0) return aborted;
      for (const upload of ours) await this.abortMultipart({ key, uploadId: upload.UploadId! });
      aborted += ours.length;
    }
  }

  /** Size, type, ETag and (when S3 has one) the full-object SHA-256; undefined when there is no object. */
  async stat(key: string): Promise<ObjectStat | undefined> {
    let head;
    try {
      head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }),
      );
    } catch (error) {
      // A HEAD error has no body to name the cause, only its status.
      if (httpStatus(error) === 404) return undefined;
      throw error;
    }
    const sha256Hex = fullObjectSha256(head.ChecksumSHA256, head.ChecksumType);
    return {
      size: head.ContentLength ?? 0,
      contentType: head.ContentType ?? '',
      etag: unquote(head.ETag ?? ''),
      ...(sha256Hex ? { sha256Hex } : {}),
    };
  }

  /** Reads the whole object through SHA-256; undefined when there is no object. */
  async computeSha256(key: string): Promise<{ sha256Hex: string; size: number } | undefined> {
    let body;
    try {
      ({ Body: body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })));
    } catch (error) {
      if (s3ErrorCode(error) === 'NoSuchKey') return undefined;
      throw error;
    }
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
    return { sha256Hex: hash.digest('hex'), size };
  }

  /**
   * A GET whose response S3 labels as a download named `fileName` (RFC 6266
   * with RFC 5987 UTF-8 encoding, so any name survives) of `contentType`.
   */
  async presignGet(
    props: { key: string; fileName: string; contentType?: string } & Presigning,
  ): Promise<string> {
    // By the SDK's signer alone, not getSignedUrl: the same URL for a fraction of the CPU (get-url-signer.ts).
    return this.getUrls.sign({
      key: props.key,
      responseContentDisposition: attachmentDisposition(props.fileName),
      responseContentType: props.contentType || undefined,
      expiresInSeconds: presignOptions(props).expiresIn,
      now: props.now ?? new Date(),
    });
  }

  /** Deletes every version and delete marker of exactly this key; returns how many. Idempotent. */
  async deleteAllVersions(key: string): Promise<number> {
    return this.deleteAllVersionsOfKeys([key]);
  }

  /**
   * Deletes every version and delete marker of exactly these keys; returns
   * how many. One listing per key (a few at a time), then S3 DeleteObjects
   * 1,000 versions a call, instead of a listing and a delete per key.
   * Idempotent: deleted versions are not listed again.
   */
  async deleteAllVersionsOfKeys(keys: string[]): Promise<number> {
    let deleted = 0;
    let remaining = [...new Set(keys)];
    while (remaining.length > 0) {
      const listed = await mapConcurrently(remaining, LIST_CONCURRENCY, (key) => this.listVersionsOfKey(key));
      const versions = listed.flatMap((listing) => listing.versions);
      for (let start = 0; start < versions.length; start += DELETE_BATCH) {
        await this.deleteVersions(versions.slice(start, start + DELETE_BATCH));
      }
      deleted += versions.length;
      // Only a key with more than a page of versions needs another round.
      remaining = remaining.filter((_key, index) => listed[index]!.more);
    }
    return deleted;
  }

  /**
   * One page of every S3 version and delete marker under `prefix`, in key
   * order; `next` continues the listing (undefined on the last page).
   */
  async listVersionsUnder(
    prefix: string,
    props: { after?: VersionListMarker; maxKeys?: number } = {},
  ): Promise<{ entries: StoredVersion[]; next?: VersionListMarker }> {
    const page = await this.client.send(
      new ListObjectVersionsCommand({
        Bucket: this.bucket,
        Prefix: prefix,
        MaxKeys: props.maxKeys ?? DELETE_BATCH,
        KeyMarker: props.after?.keyMarker,
        VersionIdMarker: props.after?.versionIdMarker,
      }),
    );
    const entries: StoredVersion[] = [
      ...(page.Versions ?? []).map((entry) => ({
        key: entry.Key ?? '',
        versionId: entry.VersionId ?? 'null',
        size: entry.Size ?? 0,
        latest: entry.IsLatest === true,
        deleteMarker: false,
      })),
      ...(page.DeleteMarkers ?? []).map((entry) => ({
        key: entry.Key ?? '',
        versionId: entry.VersionId ?? 'null',
        size: 0,
        latest: entry.IsLatest === true,
        deleteMarker: true,
      })),
    ];
    const next =
      page.IsTruncated === true
        ? { keyMarker: page.NextKeyMarker ?? '', versionIdMarker: page.NextVersionIdMarker }
        : undefined;
    return { entries, next };
  }

  /**
   * Deletes up to 1,000 S3 versions and delete markers under `prefix` (one
   * listing, one DeleteObjects); `more` says something may be left.
   * Idempotent: what is deleted is not listed again, so no marker is needed
   * between calls. Unfinished multipart uploads are not touched: MinIO lists
   * them only by exact key (see abortAllMultipart).
   */
  async deleteUnder(prefix: string): Promise<{ deletedVersions: number; more: boolean }> {
    const listed = await this.listVersionsUnder(prefix);
    const versions = listed.entries.map((entry) => ({ Key: entry.key, VersionId: entry.versionId }));
    if (versions.length > 0) await this.deleteVersions(versions);
    return { deletedVersions: versions.length, more: listed.next !== undefined };
  }

  private async listVersionsOfKey(key: string): Promise<{ versions: ObjectVersion[]; more: boolean }> {
    // Versions are listed by key, so this key's come first (a longer key with
    // this prefix sorts after it); a page cut inside this key's versions
    // leaves more of them for the next round.
    const page = await this.client.send(
      new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: key, MaxKeys: DELETE_BATCH }),
    );
    const versions = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter((entry) => entry.Key === key)
      .map((entry) => ({ Key: key, VersionId: entry.VersionId ?? 'null' }));
    return { versions, more: page.IsTruncated === true && page.NextKeyMarker === key };
  }

  private async deleteVersions(versions: ObjectVersion[]): Promise<void> {
    const { Errors = [] } = await this.client.send(
      new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: versions, Quiet: true } }),
    );
    const failure = Errors[0];
    if (failure)
      throw new Error(`S3 refused to delete a version of ${failure.Key}: ${failure.Code} ${failure.Message}`);
  }
}

/** One S3 version (or delete marker) as a listing reports it. */
export interface StoredVersion {
  key: string;
  versionId: string;
  size: number;
  latest: boolean;
  deleteMarker: boolean;
}

/** Where a version listing goes on. */
export interface VersionListMarker {
  keyMarker: string;
  versionIdMarker?: string;
}

interface ObjectVersion {
  Key: string;
  VersionId: string;
}

/** S3 DeleteObjects takes at most 1,000 keys; ListObjectVersions answers at most 1,000 a page. */
const DELETE_BATCH = 1000;
// Listings are cheap for S3 but each is a round trip: overlap several.
const LIST_CONCURRENCY = 16;

async function mapConcurrently<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * How to sign a URL for a client. `boundHeaders` are signed and stay
 * headers, so S3 refuses a request that leaves one out or sends another
 * value; the rest of what the command sets goes into the query.
 */
function presignOptions({ expiresInSeconds, now }: Presigning, boundHeaders: string[] = []) {
  if (
    !Number.isInteger(expiresInSeconds) ||
    expiresInSeconds < 1 ||
    expiresInSeconds > MAX_PRESIGN_EXPIRES_SECONDS
  )
    throw new RangeError(`expiresInSeconds must be an integer from 1 to ${MAX_PRESIGN_EXPIRES_SECONDS}`);
  return {
    expiresIn: expiresInSeconds,
    signingDate: now,
    // Left to itself, the presigner would not sign content-type and would
    // move x-amz-checksum-sha256 into the query.
    signableHeaders: new Set(boundHeaders),
    unhoistableHeaders: new Set(boundHeaders),
  };
}

/** S3's error code (NoSuchKey, NoSuchUpload, InvalidPart, ...), or undefined for anything else. */
export function s3ErrorCode(error: unknown): string | undefined {
  return error instanceof S3ServiceException ? error.name : undefined;
}

function httpStatus(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

function unquote(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

// A multipart object's checksum is a checksum of part checksums ("<b64>-<n>",
// type COMPOSITE), not the SHA-256 of its bytes.
function fullObjectSha256(base64: string | undefined, type: string | undefined): string | undefined {
  if (!base64 || base64.includes('-') || type === 'COMPOSITE') return undefined;
  const digest = Buffer.from(base64, 'base64');
  return digest.length === 32 ? digest.toString('hex') : undefined;
}
