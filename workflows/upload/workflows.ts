import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  completeUpdate,
  objectCreatedSignal,
  type CompletedPart,
  type UploadActivities,
  type UploadInput,
  type UploadOutcome,
} from './contract';

// Short timeouts: these activities are a few queries each, and a worker that
// dies mid-activity is only noticed when the timeout runs out.
const retry = { initialInterval: '1 second', maximumInterval: '30 seconds' };
const activities = proxyActivities<UploadActivities>({ startToCloseTimeout: '15 seconds', retry });
// Verifying may stream a large multipart object through SHA-256.
const verification = proxyActivities<UploadActivities>({ startToCloseTimeout: '30 minutes', retry });

/**
 * `upload:<fileId>`: the file becomes ready exactly once, after the object is
 * verified; whichever comes first (storage event, client complete, or the
 * expiry check) triggers a verification, and duplicates only re-verify a
 * settled upload, which changes nothing.
 */
export async function uploadWorkflow(input: UploadInput): Promise<UploadOutcome> {
  let wakeUp = false;
  let parts: CompletedPart[] | undefined;
  let checks = 0;
  let outcome: UploadOutcome | undefined;

  setHandler(objectCreatedSignal, (event) => {
    if (event.version === input.version) wakeUp = true;
  });
  setHandler(completeUpdate, async (request) => {
    if (outcome) return outcome;
    if (request.parts.length > 0) parts = request.parts;
    wakeUp = true;
    const checksBefore = checks;
    await condition(() => checks > checksBefore || outcome !== undefined);
    return outcome ?? { status: 'waiting' };
  });

  while (!outcome) {
    const remainingMs = Date.parse(input.expireAt) - Date.now();
    const woken = remainingMs > 0 && (await condition(() => wakeUp, remainingMs));
    wakeUp = false;
    if (parts) {
      await activities.completeMultipart({ ...input, parts });
      parts = undefined;
    }
    const verdict = await verification.verifyUpload(input);
    if (verdict.kind === 'ok') {
      await activities.commitUpload(input);
      outcome = { status: 'ready' };
    } else if (verdict.kind === 'mismatch') {
      await activities.failUpload({ ...input, reason: verdict.reason });
      outcome = { status: 'failed', reason: verdict.reason };
    } else if (!woken) {
      const reason = 'the object never arrived before the upload expired';
      await activities.failUpload({ ...input, reason });
      outcome = { status: 'failed', reason };
    }
    checks += 1;
  }
  return outcome;
}
