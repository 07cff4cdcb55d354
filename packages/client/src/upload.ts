import type { Client } from 'openapi-fetch';
import { byteSourceOf, countedBody, type ByteSource } from './byte-source.js';
import { errorFromResponse, ProblemError } from './errors.js';
import type { components, paths } from './generated/schema.js';
import { missingParts, partRange, runBounded } from './part-plan.js';
import type { ResumeStore, UploadResumeState } from './resume-store.js';
import { unwrap } from './unwrap.js';

export type FileItem = components['schemas']['File'];
type UploadAnswer = { file: FileItem; upload: components['schemas']['Upload'] };

export interface Progress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  /** The file's name (a new file) — ignored with `fileId`. */
  name?: string;
  folderId?: string | null;
  /** Upload a new version of this file instead of a new file. */
  fileId?: string;
  contentType?: string;
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
  /** Where a multipart upload keeps what it sent, so a later call with the same source resumes it. */
  resumeStore?: ResumeStore;
  /** Parts sent at once (default 4). */
  partConcurrency?: number;
  /** Told when a saved multipart upload is taken up again, with how many parts it had sent. */
  onResume?: (resumed: { partsSent: number; partCount: number }) => void;
}

// The storage event or the PUT may still be on its way: complete answers 409
// upload_not_arrived until it is.
const COMPLETE_ATTEMPTS = 20;
const COMPLETE_RETRY_MS = 250;

export async function uploadFile(
  api: Client<paths>,
  baseUrl: string,
  source: string | Uint8Array,
  options: UploadOptions,
): Promise<FileItem> {
  const bytes = await byteSourceOf(source);
  const progress = progressCounter(bytes.size, options.onProgress);
  const resumeKey = JSON.stringify([
    baseUrl,
    bytes.identity,
    options.name,
    options.folderId ?? null,
    options.fileId ?? null,
  ]);
  const saved = await options.resumeStore?.get(resumeKey);
  if (saved) {
    options.onResume?.({ partsSent: Object.keys(saved.parts).length, partCount: saved.partCount });
    const resumed = await resumeMultipart(api, bytes, saved, resumeKey, options, progress);
    if (resumed) return resumed;
    await options.resumeStore?.delete(resumeKey);
  }
  const answer = await startUpload(api, bytes, options);
  const { upload } = answer;
  if ('url' in upload) {
    await putBytes(upload.url, upload.headers, await bytes.read(0, bytes.size), progress, options.signal);
    return complete(api, answer.file.id, undefined, options.signal);
  }
  const state: UploadResumeState = {
    fileId: answer.file.id,
    uploadId: upload.uploadId,
    partSize: upload.partSize,
    partCount: upload.partCount,
    parts: {},
  };
  await options.resumeStore?.set(resumeKey, state);
  return sendParts(api, bytes, state, resumeKey, options, progress);
}

/** Continues a saved multipart upload; undefined when the server no longer has it (start again). */
async function resumeMultipart(
  api: Client<paths>,
  bytes: ByteSource,
  state: UploadResumeState,
  resumeKey: string,
  options: UploadOptions,
  progress: ProgressCounter,
): Promise<FileItem | undefined> {
  try {
    return await sendParts(api, bytes, state, resumeKey, options, progress);
  } catch (error) {
    // Aborted, expired, purged or already finished under another id: a fresh upload is the way on.
    if (error instanceof ProblemError && [400, 404, 409, 410].includes(error.status)) {
      progress.reset();
      return undefined;
    }
    throw error;
  }
}

async function startUpload(
  api: Client<paths>,
  bytes: ByteSource,
  options: UploadOptions,
): Promise<UploadAnswer> {
  const contentType = options.contentType ?? 'application/octet-stream';
  if (options.fileId)
    return unwrap(
      await api.POST('/v1/files/{id}/versions', {
        params: { path: { id: options.fileId } },
        body: { size: bytes.size, contentType },
        signal: options.signal,
      }),
    );
  if (!options.name) throw new Error('upload needs a name (or a fileId for a new version)');
  return unwrap(
    await api.POST('/v1/uploads', {
      body: {
        name: options.name,
        size: bytes.size,
        contentType,
        ...(options.folderId ? { folderId: options.folderId } : {}),
      },
      signal: options.signal,
    }),
  );
}

async function sendParts(
  api: Client<paths>,
  bytes: ByteSource,
  state: UploadResumeState,
  resumeKey: string,
  options: UploadOptions,
  progress: ProgressCounter,
): Promise<FileItem> {
  const missing = missingParts(state.partCount, state.parts);
  for (const partNumber of Object.keys(state.parts))
    progress.add(
      partRange(bytes.size, state.partSize, Number(partNumber)).end -
        partRange(bytes.size, state.partSize, Number(partNumber)).start,
    );
  const concurrency = options.partConcurrency ?? 4;
  // URLs are asked for a few parts at a time, just before use: each lives 15 minutes at most.
  for (let index = 0; index < missing.length; index += concurrency * 2) {
    const batch = missing.slice(index, index + concurrency * 2);
    const { parts } = unwrap(
      await api.POST('/v1/uploads/{fileId}/parts', {
        params: { path: { fileId: state.fileId } },
        body: { partNumbers: batch },
        signal: options.signal,
      }),
    );
    await runBounded(parts, concurrency, async ({ partNumber, url }) => {
      const { start, end } = partRange(bytes.size, state.partSize, partNumber);
      const etag = await putBytes(url, {}, await bytes.read(start, end), progress, options.signal);
      state.parts[String(partNumber)] = etag;
      await options.resumeStore?.set(resumeKey, state);
    });
  }
  const parts = Object.entries(state.parts)
    .map(([partNumber, etag]) => ({ partNumber: Number(partNumber), etag }))
    .sort((a, b) => a.partNumber - b.partNumber);
  const file = await complete(api, state.fileId, parts, options.signal);
  await options.resumeStore?.delete(resumeKey);
  return file;
}

/** PUTs bytes to a presigned URL; answers the ETag the storage server gave them. */
async function putBytes(
  url: string,
  headers: Record<string, string>,
  body: Uint8Array,
  progress: ProgressCounter,
  signal: AbortSignal | undefined,
): Promise<string> {
  let sent = 0;
  try {
    const response = await fetch(url, {
      method: 'PUT',
      headers: { ...headers, 'content-length': String(body.byteLength) },
      body: countedBody(body, (count) => {
        sent += count;
        progress.add(count);
      }),
      duplex: 'half',
      signal,
    });
    if (!response.ok) throw await errorFromResponse(response, 'the storage server');
    await response.body?.cancel();
    return response.headers.get('etag') ?? '';
  } catch (error) {
    progress.add(-sent);
    throw error;
  }
}

async function complete(
  api: Client<paths>,
  fileId: string,
  parts: Array<{ partNumber: number; etag: string }> | undefined,
  signal: AbortSignal | undefined,
): Promise<FileItem> {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await api.POST('/v1/uploads/{fileId}/complete', {
      params: { path: { fileId } },
      body: parts ? { parts } : {},
      signal,
    });
    const notArrived = answer.error && (answer.error as { code?: string }).code === 'upload_not_arrived';
    if (!notArrived || attempt === COMPLETE_ATTEMPTS) return unwrap(answer).file;
    await new Promise((resolve) => setTimeout(resolve, COMPLETE_RETRY_MS));
  }
}

interface ProgressCounter {
  add(count: number): void;
  reset(): void;
}

function progressCounter(
  total: number,
  onProgress: ((progress: Progress) => void) | undefined,
): ProgressCounter {
  let loaded = 0;
  return {
    add(count) {
      loaded = Math.max(0, Math.min(total, loaded + count));
      onProgress?.({ loaded, total });
    },
    reset() {
      loaded = 0;
      onProgress?.({ loaded, total });
    },
  };
}
