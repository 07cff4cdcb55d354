import { createHash, createHmac } from 'node:crypto';

// Presigned GET URLs (AWS Signature Version 4, query form), signed here
// rather than through the SDK's getSignedUrl. A download URL is pure CPU,
// but the SDK builds a command, runs its middleware stack and evaluates the
// endpoint rule set on every call: about 0.4 ms, where these few hashes take
// a few microseconds (docs/performance.md). The result is the SDK's URL,
// byte for byte (get-url-signer.test.ts compares them).

export interface GetUrlSigning {
  /** http(s)://host[:port] the client reaches; objects are addressed path-style under it. */
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
}

export interface SignedGet {
  key: string;
  /** Sent back by S3 as the response's Content-Disposition / Content-Type. */
  responseContentDisposition?: string;
  responseContentType?: string;
  expiresInSeconds: number;
  now: Date;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export class GetUrlSigner {
  private readonly origin: string;
  private readonly host: string;
  private readonly pathPrefix: string;
  /** The signing key depends only on the day: derived once a day, not four HMACs per URL. */
  private signingKey?: { day: string; key: Buffer };

  constructor(private readonly settings: GetUrlSigning) {
    const url = new URL(settings.endpoint);
    this.origin = url.origin;
    this.host = url.host; // with the port when it is not the scheme's default, as the SDK signs it
    this.pathPrefix = `${url.pathname.replace(/\/$/, '')}/${uriEncode(settings.bucket)}`;
  }

  sign(get: SignedGet): string {
    const amzDate = get.now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const scope = `${day}/${this.settings.region}/s3/aws4_request`;
    const query: Array<[string, string]> = [
      ['X-Amz-Algorithm', ALGORITHM],
      ['X-Amz-Content-Sha256', UNSIGNED_PAYLOAD],
      ['X-Amz-Credential', `${this.settings.accessKey}/${scope}`],
      ['X-Amz-Date', amzDate],
      ['X-Amz-Expires', String(get.expiresInSeconds)],
      ['X-Amz-SignedHeaders', 'host'],
    ];
    if (get.responseContentDisposition)
      query.push(['response-content-disposition', get.responseContentDisposition]);
    if (get.responseContentType) query.push(['response-content-type', get.responseContentType]);
    query.push(['x-id', 'GetObject']);
    const canonicalQuery = query
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`)
      .join('&');
    const path = `${this.pathPrefix}/${get.key.split('/').map(uriEncode).join('/')}`;
    const canonicalRequest = [
      'GET',
      path,
      canonicalQuery,
      `host:${this.host}`,
      '',
      'host',
      UNSIGNED_PAYLOAD,
    ].join('\n');
    const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
    const signature = createHmac('sha256', this.keyFor(day)).update(stringToSign).digest('hex');
    // The signature joins the query in name order, as the SDK puts it (after X-Amz-Expires).
    const signed = canonicalQuery.replace(
      '&X-Amz-SignedHeaders=',
      `&X-Amz-Signature=${signature}&X-Amz-SignedHeaders=`,
    );
    return `${this.origin}${path}?${signed}`;
  }

  private keyFor(day: string): Buffer {
    if (this.signingKey?.day !== day) {
      const dated = hmac(`AWS4${this.settings.secretKey}`, day);
      const key = hmac(hmac(hmac(dated, this.settings.region), 's3'), 'aws4_request');
      this.signingKey = { day, key };
    }
    return this.signingKey.key;
  }
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** RFC 3986: everything but unreserved characters percent-encoded, as SigV4 requires. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
