import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';

/** What a multipart upload has sent so far: enough to finish it after a crash. */
export interface UploadResumeState {
  fileId: string;
  uploadId: string;
  partSize: number;
  partCount: number;
  /** ETags of the parts the storage server has acknowledged, by part number. */
  parts: Record<string, string>;
}

export interface ResumeStore {
  get(key: string): Promise<UploadResumeState | undefined>;
  set(key: string, state: UploadResumeState): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Keeps states in memory: resumes within one process (after an aborted call). */
export class MemoryResumeStore implements ResumeStore {
  private readonly states = new Map<string, UploadResumeState>();
  async get(key: string) {
    return this.states.get(key);
  }
  async set(key: string, state: UploadResumeState) {
    this.states.set(key, structuredClone(state));
  }
  async delete(key: string) {
    this.states.delete(key);
  }
}

/** One JSON file per upload in a directory (0600): resumes after the process died. */
export class FileResumeStore implements ResumeStore {
  constructor(private readonly directory: string) {}

  async get(key: string): Promise<UploadResumeState | undefined> {
    try {
      return JSON.parse(await readFile(this.fileOf(key), 'utf8')) as UploadResumeState;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async set(key: string, state: UploadResumeState): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    // Write then rename: a crash mid-write leaves the previous state, not half a file.
    // A name per write: parts finishing together save at the same time.
    const temporary = `${this.fileOf(key)}.${randomUUID()}.tmp`;
    await writeFile(temporary, JSON.stringify(state), { mode: 0o600 });
    await rename(temporary, this.fileOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.fileOf(key), { force: true });
  }

  private fileOf(key: string): string {
    return path.join(this.directory, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  }
}
