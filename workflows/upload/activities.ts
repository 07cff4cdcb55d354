import { commitUpload } from '../../services/files/commands/commit-upload';
import { completeMultipart } from '../../services/files/commands/complete-multipart';
import { failUpload } from '../../services/files/commands/fail-upload';
import { verifyUpload } from '../../services/files/commands/verify-upload';
import type { FilesDeps } from '../../services/files/deps';
import type { CompletedPart, UploadInput } from './workflows';

/** The upload workflow's activities: thin calls into the files commands, each idempotent. */
export function createUploadActivities(deps: FilesDeps) {
  return {
    completeMultipart: (input: UploadInput & { parts: CompletedPart[] }) =>
      completeMultipart({ deps, ...input }),
    verifyUpload: (input: UploadInput) => verifyUpload({ deps, ...input }),
    commitUpload: async (input: UploadInput) => void (await commitUpload({ deps, ...input })),
    failUpload: (input: UploadInput & { reason: string }) => failUpload({ deps, ...input }),
  };
}

export type UploadActivities = ReturnType<typeof createUploadActivities>;
