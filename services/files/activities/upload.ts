import type { UploadActivities } from '../../../workflows/upload/contract';
import { commitUpload } from '../commands/commit-upload';
import { completeMultipart } from '../commands/complete-multipart';
import { failUpload } from '../commands/fail-upload';
import { checkUpload, verifyUpload } from '../commands/verify-upload';
import type { FilesDeps } from '../deps';

/** The upload workflow's activities: thin calls into the files commands, each idempotent. */
export function createUploadActivities(deps: FilesDeps): UploadActivities {
  return {
    completeMultipart: (input) => completeMultipart({ deps, ...input }),
    checkUpload: (input) => checkUpload({ deps, ...input }),
    verifyUpload: (input) => verifyUpload({ deps, ...input }),
    commitUpload: async (input) => void (await commitUpload({ deps, ...input })),
    failUpload: (input) => failUpload({ deps, ...input }),
  };
}
