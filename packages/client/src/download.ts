import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'openapi-fetch';
import { errorFromResponse } from './errors.js';
import type { paths } from './generated/schema.js';
import type { Progress } from './upload.js';
import { unwrap } from './unwrap.js';

export interface DownloadOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

/** Streams a file's current version to `destination` (written beside it first, renamed when whole). */
export async function downloadFile(
  api: Client<paths>,
  fileId: string,
  destination: string,
  options: DownloadOptions = {},
): Promise<{ bytes: number }> {
  const { url } = unwrap(
    await api.GET('/v1/files/{id}/download', {
      params: { path: { id: fileId }, query: { redirect: 'false' } },
      signal: options.signal,
    }),
  ) as { url: string };
  const response = await fetch(url, { signal: options.signal });
  if (!response.ok || !response.body) throw await errorFromResponse(response, 'the storage server');
  const total = Number(response.headers.get('content-length') ?? 0);
  let loaded = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      loaded += chunk.length;
      options.onProgress?.({ loaded, total });
      callback(null, chunk);
    },
  });
  const partial = `${destination}.streamhub-partial`;
  try {
    await pipeline(Readable.fromWeb(response.body as never), counter, createWriteStream(partial), {
      signal: options.signal,
    });
    await rename(partial, destination);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { bytes: loaded };
}
