// @streamhub/client: the typed client generated from StreamHub's /openapi.json,
// with the flows a raw client gets wrong (uploads with progress and resume,
// downloads with progress, token rotation, problem documents as typed errors).
export { StreamHubClient, type Profile, type Session, type StreamHubClientOptions } from './client.js';
export { ProblemError, UnexpectedResponseError, type ErrorCode, type Problem } from './errors.js';
export type { TokenPair, TokensListener } from './tokens.js';
export type { FileItem, Progress, UploadOptions } from './upload.js';
export type { DownloadOptions } from './download.js';
export {
  FileResumeStore,
  MemoryResumeStore,
  type ResumeStore,
  type UploadResumeState,
} from './resume-store.js';
export type { components, paths } from './generated/schema.js';
export { unwrap } from './unwrap.js';
