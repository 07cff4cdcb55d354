// Readiness probes for the cluster's components: plain HTTP for those that
// serve health on 127.0.0.1 without TLS, HTTPS for the API server (our CA
// and the admin's client certificate) and for the controller-manager and
// scheduler (their serving certificates are self-signed; /healthz is open).
import fs from 'node:fs';
import https from 'node:https';

export interface TlsClient {
  ca?: string; // file paths
  cert?: string;
  key?: string;
}

export function httpsGet(
  url: string,
  tls: TlsClient,
  timeoutMs = 2000,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      url,
      {
        ca: tls.ca ? fs.readFileSync(tls.ca) : undefined,
        cert: tls.cert ? fs.readFileSync(tls.cert) : undefined,
        key: tls.key ? fs.readFileSync(tls.key) : undefined,
        rejectUnauthorized: tls.ca !== undefined,
        timeout: timeoutMs,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

export async function expectOk(url: string, tls?: TlsClient): Promise<void> {
  if (url.startsWith('https:')) {
    const { status, body } = await httpsGet(url, tls ?? {});
    if (status !== 200) throw new Error(`${url} answered ${status}: ${body.slice(0, 200)}`);
    return;
  }
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (!response.ok)
    throw new Error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
}
