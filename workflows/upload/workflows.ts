import { condition, patched, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import {
  completeUpdate,
  objectCreatedSignal,
  type CompletedPart,
  type UploadActivities,
  type UploadCheck,
  type UploadInput,
  type UploadOutcome,
  type UploadVerdict,
} from './contract';

// Short timeouts: these activities are a few queries each, and a worker that
// dies mid-activity is only noticed when the timeout runs out.
const retry = { initialInterval: '1 second', maximumInterval: '30 seconds' };
const activities = proxyActivities<UploadActivities>({ startToCloseTimeout: '15 seconds', retry });
// Verifying may stream a large multipart object through SHA-256.
const verification = proxyActivities<UploadActivities>({ startToCloseTimeout: '30 minutes', retry });
// A HEAD or one short transaction: run in the workflow task itself, so the
// complete update or the storage event settles the file in one workflow task
// instead of three (each a round trip through the Temporal server). A worker
// that dies mid-way replays the workflow task and runs them again; each is
// idempotent, so a file committed just before the crash is found settled.
const local = proxyLocalActivities<UploadActivities>({ startToCloseTimeout: '15 seconds', retry });

// The storage event may be lost (MinIO's Kafka target keeps no queue, so an
// event raised while Kafka is down is dropped): the workflow also checks on
// its own, 10 s after the start, then twice as long after each check, at
// least hourly, until the upload expires. An object whose event was lost is
// so confirmed within about twice its age (10 s, 30 s, 70 s, 150 s, ...),
// and a week-long upload URL costs under 200 checks of history.
const FIRST_CHECK_MS = 10_000;
const MAX_CHECK_MS = 3600_000;

// Workflows started before local activities replay their recorded history.
const LOCAL_ACTIVITIES_PATCH = 'upload-local-activities-and-polling';

/**
 * `upload:<fileId>`: the file becomes ready exactly once, after the object is
 * verified; whichever comes first (storage event, client complete, its own
 * periodic check, or the expiry check) triggers a verification, and
 * duplicates only re-verify a settled upload, which changes nothing.
 */
export async function uploadWorkflow(input: UploadInput): Promise<UploadOutcome> {
  let wakeUp = false;
  let parts: CompletedPart[] | undefined;
  // Checks started and finished: a complete waits for one that started after it arrived.
  let started = 0;
  let checks = 0;
  let outcome: UploadOutcome | undefined;
  const fast = patched(LOCAL_ACTIVITIES_PATCH);
  const settle = fast ? local : activities;
  let nextCheckMs = fast ? FIRST_CHECK_MS : Infinity;

  setHandler(objectCreatedSignal, (event) => {
    if (event.version === input.version) wakeUp = true;
  });
  setHandler(completeUpdate, async (request) => {
    if (outcome) return outcome;
    if (request.parts.length > 0) parts = request.parts;
    wakeUp = true;
    const awaited = started + 1;
    await condition(() => checks >= awaited || outcome !== undefined);
    return outcome ?? { status: 'waiting' };
  });

  const verify = async (): Promise<UploadVerdict> => {
    if (!fast) return verification.verifyUpload(input);
    const check: UploadCheck = await local.checkUpload(input);
    return check.kind === 'needsHash' ? verification.verifyUpload(input) : check;
  };

  while (!outcome) {
    const remainingMs = Date.parse(input.expireAt) - Date.now();
    const woken = remainingMs > 0 && (await condition(() => wakeUp, Math.min(remainingMs, nextCheckMs)));
    const expired = !woken && Date.now() >= Date.parse(input.expireAt);
    if (!woken) nextCheckMs = Math.min(nextCheckMs * 2, MAX_CHECK_MS);
    wakeUp = false;
    started += 1;
    let assembled: UploadVerdict | void = undefined;
    if (parts) {
      // Histories from before this answered nothing: they replay the same way.
      assembled = await activities.completeMultipart({ ...input, parts });
      parts = undefined;
    }
    const verdict = assembled?.kind === 'mismatch' ? assembled : await verify();
    if (verdict.kind === 'ok') {
      await settle.commitUpload(input);
      outcome = { status: 'ready' };
    } else if (verdict.kind === 'mismatch') {
      await settle.failUpload({ ...input, reason: verdict.reason });
      outcome = { status: 'failed', reason: verdict.reason };
    } else if (expired) {
      const reason = 'the object never arrived before the upload expired';
      await settle.failUpload({ ...input, reason });
      outcome = { status: 'failed', reason };
    }
    checks += 1;
  }
  return outcome;
}
