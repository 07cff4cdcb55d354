import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../testing/time-skipping-env';
import {
  completeUpdate,
  objectCreatedSignal,
  type UploadActivities,
  type UploadCheck,
  type UploadInput,
  type UploadVerdict,
} from './contract';
import { uploadWorkflow } from './workflows';

// Workflow logic on Temporal's time-skipping server; the activities are
// recording fakes typed by the contract (the files service tests the real ones).
describe('uploadWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let calls: string[];
  let checks: UploadCheck[];
  let verdicts: UploadVerdict[];
  let checkedAt: number[];
  let assembled: UploadVerdict | undefined;

  const activities: UploadActivities = {
    completeMultipart: async (input) => {
      calls.push(`completeMultipart:${input.parts.length}`);
      return assembled;
    },
    checkUpload: async () => {
      calls.push('check');
      checkedAt.push(Number(await env.currentTimeMs()));
      return checks.shift() ?? { kind: 'missing' };
    },
    verifyUpload: async () => {
      calls.push('verify');
      return verdicts.shift() ?? { kind: 'missing' };
    },
    commitUpload: async () => void calls.push('commit'),
    failUpload: async (input) => void calls.push(`fail:${input.reason}`),
  };

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  beforeEach(() => {
    calls = [];
    checks = [];
    verdicts = [];
    checkedAt = [];
    assembled = undefined;
  });

  async function run<T>(body: (input: UploadInput, taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `upload-${Math.random()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./workflows'),
      activities,
    });
    const now = await env.currentTimeMs();
    const input: UploadInput = {
      userId: 'u',
      fileId: `f-${Math.random()}`,
      version: 1,
      size: 10,
      expireAt: new Date(Number(now) + 2 * 86_400_000).toISOString(),
    };
    return worker.runUntil(body(input, taskQueue));
  }

  it('becomes ready once when the storage event arrives, whatever the duplicates', async () => {
    checks = [{ kind: 'ok' }];
    const result = await run(async (input, taskQueue) => {
      const handle = await env.client.workflow.start(uploadWorkflow, {
        taskQueue,
        workflowId: input.fileId,
        args: [input],
      });
      await handle.signal(objectCreatedSignal, { version: 2 });
      await handle.signal(objectCreatedSignal, { version: 1 });
      await handle.signal(objectCreatedSignal, { version: 1 });
      return handle.result();
    });
    expect(result).toEqual({ status: 'ready' });
    expect(calls).toEqual(['check', 'commit']);
  });

  it('checks on its own with growing pauses, then gives up at expiry when nothing arrives', async () => {
    const started = Date.now();
    let startedAt = 0;
    const result = await run(async (input, taskQueue) => {
      startedAt = Number(await env.currentTimeMs());
      return env.client.workflow.execute(uploadWorkflow, {
        taskQueue,
        workflowId: input.fileId,
        args: [input],
      });
    });
    expect(result).toEqual({
      status: 'failed',
      reason: 'the object never arrived before the upload expired',
    });
    expect(calls.at(-1)).toBe('fail:the object never arrived before the upload expired');
    expect(calls.slice(0, -1).every((call) => call === 'check')).toBe(true);
    // 10 s, then twice the pause each time up to an hour: 9 checks in the first 1.5 hours, then hourly for 2 days.
    const pausesSeconds = checkedAt.map((at, index) =>
      Math.round((at - (checkedAt[index - 1] ?? startedAt)) / 1000),
    );
    // Each pause is a timer, give or take the seconds of wall time the time-skipping server lets pass.
    const expected = [10, 20, 40, 80, 160, 320, 640, 1280, 2560];
    const drift = pausesSeconds.slice(0, 9).map((pause, index) => pause - expected[index]!);
    expect(drift.filter((seconds) => seconds < 0 || seconds >= 5)).toEqual([]);
    expect(Math.max(...pausesSeconds)).toBeLessThanOrEqual(3600);
    expect(calls.length).toBeLessThan(60);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('confirms by itself, at its first check, an object whose storage event was lost', async () => {
    checks = [{ kind: 'ok' }];
    let startedAt = 0;
    const result = await run(async (input, taskQueue) => {
      startedAt = Number(await env.currentTimeMs());
      return env.client.workflow.execute(uploadWorkflow, {
        taskQueue,
        workflowId: input.fileId,
        args: [input],
      });
    });
    expect(result).toEqual({ status: 'ready' });
    expect(calls).toEqual(['check', 'commit']);
    expect(checkedAt[0]! - startedAt).toBeGreaterThanOrEqual(10_000);
    expect(checkedAt[0]! - startedAt).toBeLessThan(20_000);
  });

  it('answers complete with ready, assembling multipart parts first', async () => {
    checks = [{ kind: 'ok' }];
    const outcome = await run(async (input, taskQueue) => {
      const handle = await env.client.workflow.start(uploadWorkflow, {
        taskQueue,
        workflowId: input.fileId,
        args: [input],
      });
      return handle.executeUpdate(completeUpdate, {
        args: [
          {
            parts: [
              { partNumber: 1, etag: 'a' },
              { partNumber: 2, etag: 'b' },
            ],
          },
        ],
      });
    });
    expect(outcome).toEqual({ status: 'ready' });
    expect(calls).toEqual(['completeMultipart:2', 'check', 'commit']);
  });

  it('fails the upload, without checking, when the stored parts cannot make the declared object', async () => {
    assembled = { kind: 'mismatch', reason: 'part 1 holds 17 bytes, the upload declared 16' };
    const outcome = await run(async (input, taskQueue) => {
      const handle = await env.client.workflow.start(uploadWorkflow, {
        taskQueue,
        workflowId: input.fileId,
        args: [input],
      });
      return handle.executeUpdate(completeUpdate, { args: [{ parts: [{ partNumber: 1, etag: 'a' }] }] });
    });
    expect(outcome).toEqual({ status: 'failed', reason: 'part 1 holds 17 bytes, the upload declared 16' });
    expect(calls).toEqual(['completeMultipart:1', 'fail:part 1 holds 17 bytes, the upload declared 16']);
  });

  it('streams the object through SHA-256 as a regular activity only when the quick check cannot tell', async () => {
    checks = [{ kind: 'needsHash' }];
    verdicts = [{ kind: 'ok' }];
    const outcome = await run(async (input, taskQueue) => {
      const handle = await env.client.workflow.start(uploadWorkflow, {
        taskQueue,
        workflowId: input.fileId,
        args: [{ ...input, sha256: 'a'.repeat(64) }],
      });
      return handle.executeUpdate(completeUpdate, { args: [{ parts: [] }] });
    });
    expect(outcome).toEqual({ status: 'ready' });
    expect(calls).toEqual(['check', 'verify', 'commit']);
  });

  it('answers waiting to a complete that comes before the object, and still confirms it later', async () => {
    checks = [{ kind: 'missing' }, { kind: 'ok' }];
    const [early, final] = await run(async (input, taskQueue) => {
      const handle = await env.client.workflow.start(uploadWorkflow, {
        taskQueue,
        workflowId: input.fileId,
        args: [input],
      });
      const first = await handle.executeUpdate(completeUpdate, { args: [{ parts: [] }] });
      await handle.signal(objectCreatedSignal, { version: 1 });
      return [first, await handle.result()];
    });
    expect(early).toEqual({ status: 'waiting' });
    expect(final).toEqual({ status: 'ready' });
    expect(calls).toEqual(['check', 'check', 'commit']);
  });

  it('fails and cleans up when the stored object does not match the declaration', async () => {
    checks = [{ kind: 'mismatch', reason: 'stored 11 bytes, declared 10' }];
    const result = await run(async (input, taskQueue) => {
      const handle = await env.client.workflow.start(uploadWorkflow, {
        taskQueue,
        workflowId: input.fileId,
        args: [input],
      });
      await handle.signal(objectCreatedSignal, { version: 1 });
      return handle.result();
    });
    expect(result).toEqual({ status: 'failed', reason: 'stored 11 bytes, declared 10' });
    expect(calls).toEqual(['check', 'fail:stored 11 bytes, declared 10']);
  });
});
