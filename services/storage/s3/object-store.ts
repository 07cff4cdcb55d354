import { createHash } from 'node:crypto';
import { Client } from 'minio';
import { createS3Client } from '../../internal/s3-client';
import { presignUrl, uriEncode } from './sigv4';

// Everything StreamHub asks of S3, for one bucket. Calls made with our keys
// (list, delete, multipart, GET streams) go through minio-js, a generic S3
// client; URLs handed to others are signed by ./sigv4 so they can bind
// headers. Only S3 API calls are used, nothing MinIO-specific.

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

interface VersionEntry {
  name?: string;
  versionId?: string | null;
}

export class ObjectStore {
  readonly bucket: string;

  constructor(
    private readonly settings: S3Settings,
    private readonly client: Client = createS3Client(settings),
  ) {
    this.bucket = settings.bucket;
  }

  async bucketExists(): Promise<boolean> {
    return this.client.bucketExists(this.bucket);
  }

  /**
   * A single PUT that S3 accepts only with this exact Content-Length and
   * Content-Type and, when given, a body whose SHA-256 matches.
   */
  presignPut(props: {
    key: string;
    size: number;
    contentType: string;
    sha256Hex?: string;
    expiresInSeconds: number;
    now?: Date;
  }): PresignedPut {
    const headers: Record<string, string> = {
      'content-length': String(props.size),
      'content-type': props.contentType,
    };
    // S3 verifies the body against this header and stores it, so HEAD can report it later.
    if (props.sha256Hex)
      headers['x-amz-checksum-sha256'] = Buffer.from(props.sha256Hex, 'hex').toString('base64');
    const { key, expiresInSeconds, now } = props;
    return {
      url: this.presign({ key, method: 'PUT', signedHeaders: headers, expiresInSeconds, now }),
      headers,
    };
  }

  async initiateMultipart(props: { key: string; contentType: string }): Promise<string> {
    return this.client.initiateNewMultipartUpload(this.bucket, props.key, {
      'Content-Type': props.contentType,
    });
  }

  presignPart(props: {
    key: string;
    uploadId: string;
    partNumber: number;
    expiresInSeconds: number;
    now?: Date;
  }): string {
    const { key, expiresInSeconds, now } = props;
    const query = { partNumber: String(props.partNumber), uploadId: props.uploadId };
    return this.presign({ key, method: 'PUT', query, expiresInSeconds, now });
  }

  /** Throws S3's error (code NoSuchUpload, InvalidPart, InvalidPartOrder, EntityTooSmall, ...) as is. */
  async completeMultipart(props: {
    key: string;
    uploadId: string;
    parts: Array<{ partNumber: number; etag: string }>;
  }): Promise<{ etag: string }> {
    const parts = [...props.parts]
      .sort((a, b) => a.partNumber - b.partNumber)
      .map((part) => ({ part: part.partNumber, etag: part.etag }));
    const { etag } = await this.client.completeMultipartUpload(this.bucket, props.key, props.uploadId, parts);
    return { etag: unquote(etag) };
  }

  /** Aborts one multipart upload; one that is already gone counts as aborted. */
  async abortMultipart(props: { key: string; uploadId: string }): Promise<void> {
    try {
      // minio-js 8 puts this upload id into the query unescaped (unlike completeMultipartUpload).
      await this.client.abortMultipartUpload(this.bucket, props.key, uriEncode(props.uploadId));
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
      const { uploads } = await this.client.listIncompleteUploadsQuery(this.bucket, key, '', '', '');
      const ours = uploads.filter((upload) => upload.key === key);
      if (ours.length === 0) return aborted;
      for (const upload of ours) await this.abortMultipart({ key, uploadId: upload.uploadId });
      aborted += ours.length;
    }
  }

  /** Size, type, ETag and (when S3 has one) the full-object SHA-256; undefined when there is no object. */
  async stat(key: string): Promise<ObjectStat | undefined> {
    // minio-js's statObject cannot ask for checksums, so this HEAD is signed here.
    const headers = { 'x-amz-checksum-mode': 'ENABLED' };
    const url = this.presign({
      key,
      method: 'HEAD',
      signedHeaders: headers,
      expiresInSeconds: 60,
      internal: true,
    });
    const response = await fetch(url, { method: 'HEAD', headers });
    if (response.status === 404) return undefined;
    // A HEAD error has no body to name the cause; 403 usually means wrong credentials or clock skew.
    if (!response.ok) throw new Error(`S3 answered HEAD ${this.bucket}/${key} with ${response.status}`);
    const sha256Hex = fullObjectSha256(
      response.headers.get('x-amz-checksum-sha256'),
      response.headers.get('x-amz-checksum-type'),
    );
    return {
      size: Number(response.headers.get('content-length') ?? 0),
      contentType: response.headers.get('content-type') ?? '',
      etag: unquote(response.headers.get('etag') ?? ''),
      ...(sha256Hex ? { sha256Hex } : {}),
    };
  }

  /** Reads the whole object through SHA-256; undefined when there is no object. */
  async computeSha256(key: string): Promise<{ sha256Hex: string; size: number } | undefined> {
    let body;
    try {
      body = await this.client.getObject(this.bucket, key);
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
  presignGet(props: {
    key: string;
    fileName: string;
    contentType?: string;
    expiresInSeconds: number;
    now?: Date;
  }): string {
    const query: Record<string, string> = {
      'response-content-disposition': props.fileName
        ? `attachment; filename*=UTF-8''${uriEncode(props.fileName)}`
        : 'attachment',
    };
    if (props.contentType) query['response-content-type'] = props.contentType;
    const { key, expiresInSeconds, now } = props;
    return this.presign({ key, method: 'GET', query, expiresInSeconds, now });
  }

  /** Deletes every version and delete marker of exactly this key; returns how many. Idempotent. */
  async deleteAllVersions(key: string): Promise<number> {
    let deleted = 0;
    // Versions are listed by key, so this key's come first (a longer key with
    // this prefix sorts after it); deleted ones are not listed again, so
    // listing until none is left needs no markers.
    for (;;) {
      const page = await this.client.listObjectsQuery(this.bucket, key, '', {
        IncludeVersion: true,
        Delimiter: '',
        MaxKeys: 1000,
      });
      const versions = ((page.objects ?? []) as VersionEntry[]).filter((entry) => entry.name === key);
      if (versions.length === 0) return deleted;
      const failures = await this.client.removeObjects(
        this.bucket,
        versions.map((entry) => ({ name: key, versionId: entry.versionId ?? 'null' })),
      );
      const failure = failures.find((result) => result?.Error);
      if (failure?.Error)
        throw new Error(
          `S3 refused to delete a version of ${key}: ${failure.Error.Code} ${failure.Error.Message}`,
        );
      deleted += versions.length;
    }
  }

  private presign(props: {
    key: string;
    method: string;
    expiresInSeconds: number;
    query?: Record<string, string>;
    signedHeaders?: Record<string, string>;
    now?: Date;
    /** Signed for our own use, at the internal endpoint. */
    internal?: boolean;
  }): string {
    const endpoint = props.internal
      ? this.settings.endpoint
      : (this.settings.publicEndpoint ?? this.settings.endpoint);
    return presignUrl({ ...this.settings, ...props, endpoint });
  }
}

export function s3ErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function unquote(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

// A multipart object's checksum is a checksum of part checksums ("<b64>-<n>",
// type COMPOSITE), not the SHA-256 of its bytes.
function fullObjectSha256(base64: string | null, type: string | null): string | undefined {
  if (!base64 || base64.includes('-') || type === 'COMPOSITE') return undefined;
  const digest = Buffer.from(base64, 'base64');
  return digest.length === 32 ? digest.toString('hex') : undefined;
}
