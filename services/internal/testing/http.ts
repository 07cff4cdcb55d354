import { randomUUID } from 'node:crypto';

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small JSON client for API tests; `ip` sets X-Forwarded-For (its own rate-limit bucket). */
export function apiClient(baseUrl: string, defaults: { ip?: string } = {}) {
  const ip = defaults.ip ?? `10.${rand()}.${rand()}.${rand()}`;
  return async function request<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = { 'x-forwarded-for': ip, ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
    });
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    return {
      status: response.status,
      headers: response.headers,
      body: (isJson && text ? JSON.parse(text) : text) as T,
    };
  };
}

export function uniqueEmail(prefix = 'user'): string {
  // At most 64 bytes before the @ (RFC 5321, enforced at sign-up): the UUID
  // and its dash take 37, the prefix keeps its first 27 characters.
  return `${prefix.slice(0, 27)}-${randomUUID()}@example.test`;
}

function rand(): number {
  return Math.floor(Math.random() * 254) + 1;
}
