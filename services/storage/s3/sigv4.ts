import { createHash, createHmac } from 'node:crypto';

// AWS Signature Version 4 in its query-string form ("presigned URLs"), as S3
// documents it in "Authenticating Requests: Using Query Parameters". Written
// here rather than taken from an SDK because presigned uploads must sign
// extra headers (content-length, content-type, x-amz-checksum-sha256) so that
// S3 refuses a PUT whose size, type or checksum differs from what was
// declared; minio-js signs only `host`. Pure functions, node:crypto only.

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SERVICE = 's3';
// The payload cannot be known when the URL is made; S3 expects this literal.
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const MAX_PRESIGN_EXPIRES_SECONDS = 7 * 24 * 3600;

export interface PresignParams {
  method: string;
  /** Scheme, host, port and optionally a base path, e.g. http://127.0.0.1:19000. */
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  key: string;
  /** Extra query parameters, signed (partNumber, uploadId, response-content-disposition, ...). */
  query?: Record<string, string>;
  /** Headers the request must carry with exactly these values; `host` is always signed. */
  signedHeaders?: Record<string, string>;
  expiresInSeconds: number;
  now?: Date;
}

/** A path-style presigned URL (`<endpoint>/<bucket>/<key>`), the addressing every S3 including MinIO accepts. */
export function presignUrl(params: PresignParams): string {
  const basePath = new URL(params.endpoint).pathname.replace(/\/+$/, '');
  const path = `${basePath}/${uriEncode(params.bucket)}/${uriEncode(params.key, { keepSlashes: true })}`;
  return presignPath({ ...params, path });
}

/**
 * Presigns a request for an already URI-encoded path on `endpoint`. presignUrl
 * builds the path-style path; AWS's virtual-hosted examples call this directly.
 */
export function presignPath(params: Omit<PresignParams, 'bucket' | 'key'> & { path: string }): string {
  const { expiresInSeconds } = params;
  if (
    !Number.isInteger(expiresInSeconds) ||
    expiresInSeconds < 1 ||
    expiresInSeconds > MAX_PRESIGN_EXPIRES_SECONDS
  )
    throw new RangeError(`expiresInSeconds must be an integer from 1 to ${MAX_PRESIGN_EXPIRES_SECONDS}`);
  const endpoint = new URL(params.endpoint);
  const { date, dateTime } = amzDates(params.now ?? new Date());
  const scope = `${date}/${params.region}/${SERVICE}/aws4_request`;

  const headers = canonicalHeaders(endpoint.host, params.signedHeaders ?? {});
  const signedHeaderNames = headers.map(([name]) => name).join(';');
  const authQuery: Record<string, string> = {
    'X-Amz-Algorithm': ALGORITHM,
    'X-Amz-Credential': `${params.accessKey}/${scope}`,
    'X-Amz-Date': dateTime,
    'X-Amz-Expires': String(expiresInSeconds),
    'X-Amz-SignedHeaders': signedHeaderNames,
  };
  for (const name of Object.keys(params.query ?? {}))
    if (name.toLowerCase().startsWith('x-amz-'))
      throw new Error(`query parameter ${name} would collide with the signature's own parameters`);
  const query = canonicalQuery({ ...params.query, ...authQuery });

  const canonicalRequest = [
    params.method.toUpperCase(),
    params.path,
    query,
    headers.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaderNames,
    UNSIGNED_PAYLOAD,
  ].join('\n');
  const stringToSign = [ALGORITHM, dateTime, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = hmac(signingKey(params.secretKey, date, params.region), stringToSign).toString('hex');
  return `${endpoint.origin}${params.path}?${query}&X-Amz-Signature=${signature}`;
}

/**
 * SigV4's URI encoding: every byte but A-Z a-z 0-9 - . _ ~ as %XX (upper-case
 * hex), which is stricter than encodeURIComponent (it also escapes !'()*).
 * The result is also valid RFC 5987 ext-value text.
 */
export function uriEncode(value: string, options: { keepSlashes?: boolean } = {}): string {
  const encoded = encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return options.keepSlashes ? encoded.replace(/%2F/g, '/') : encoded;
}

function canonicalHeaders(host: string, extra: Record<string, string>): Array<[string, string]> {
  const headers = new Map<string, string>([['host', host]]);
  for (const [name, value] of Object.entries(extra)) {
    const lower = name.toLowerCase();
    if (headers.has(lower))
      throw new Error(`header ${lower} is given twice or overrides the endpoint's host`);
    // SigV4 trims values and folds runs of spaces; S3 does the same before comparing.
    headers.set(lower, value.trim().replace(/\s+/g, ' '));
  }
  return [...headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function canonicalQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function amzDates(now: Date): { date: string; dateTime: string } {
  const dateTime = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
  return { date: dateTime.slice(0, 8), dateTime };
}

function signingKey(secretKey: string, date: string, region: string): Buffer {
  const dateKey = hmac(`AWS4${secretKey}`, date);
  return hmac(hmac(hmac(dateKey, region), SERVICE), 'aws4_request');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}
