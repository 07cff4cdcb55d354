import { Sha256Node } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

// Presigned GET URLs through the SDK's own SigV4 signer (@smithy/signature-v4),
// called directly instead of through getSignedUrl. A download URL is pure
// CPU, but getSignedUrl builds a command, runs the client's middleware stack
// and evaluates the endpoint rule set on every call (about 0.4 ms); the signer
// alone, which also caches the day's signing key, takes a small fraction of
// that (docs/performance.md). The result is getSignedUrl's URL, byte for byte
// (get-url-signer.test.ts compares them).

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

export class GetUrlSigner {
  private readonly endpoint: URL;
  private readonly pathPrefix: string;
  private readonly signer: SignatureV4;

  constructor(settings: GetUrlSigning) {
    this.endpoint = new URL(settings.endpoint);
    this.pathPrefix = `${this.endpoint.pathname.replace(/\/$/, '')}/${settings.bucket}`;
    this.signer = new SignatureV4({
      service: 's3',
      region: settings.region,
      credentials: { accessKeyId: settings.accessKey, secretAccessKey: settings.secretKey },
      sha256: Sha256Node,
      // S3 signs the path as sent, without encoding it a second time.
      uriEscapePath: false,
      applyChecksum: false,
    });
  }

  async sign(get: SignedGet): Promise<string> {
    const query: Record<string, string> = { 'x-id': 'GetObject' };
    if (get.responseContentDisposition)
      query['response-content-disposition'] = get.responseContentDisposition;
    if (get.responseContentType) query['response-content-type'] = get.responseContentType;
    const { protocol, hostname, port } = this.endpoint;
    const path = `${this.pathPrefix}/${get.key.split('/').map(encodePathSegment).join('/')}`;
    const signed = await this.signer.presign(
      {
        method: 'GET',
        protocol,
        hostname,
        port: port ? Number(port) : undefined,
        path,
        query,
        // As S3's presigner sets it: the payload is not signed, and the
        // signer hoists the header into the query under this very name.
        headers: { host: this.endpoint.host, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      },
      { expiresIn: get.expiresInSeconds, signingDate: get.now },
    );
    // In name order, as the SDK writes a presigned URL.
    const signedQuery = signed.query ?? {};
    const search = Object.keys(signedQuery)
      .sort()
      .map((name) => `${encodeQueryPart(name)}=${encodeQueryPart(String(signedQuery[name]))}`)
      .join('&');
    return `${this.endpoint.origin}${signed.path}?${search}`;
  }
}

// RFC 3986: everything but unreserved characters percent-encoded, as S3 keys
// and query values are in a SigV4 URL.
function encodeQueryPart(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const encodePathSegment = encodeQueryPart;
