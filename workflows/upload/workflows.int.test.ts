import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../testing/time-skipping-env';
import {
  completeUpdate,
  objectCreatedSignal,
  type UploadActivities,
  type UploadInput,
  type UploadVerdict,
} from './contract';
import { uploadWorkflow } from './workflows';

// Workflow logic on Temporal's time-skipping server; the activities are
// recording fakes typed by the contract (the files service tests the real ones).
describe('uploadWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let calls: string[];
  let verdicts: UploadVerdict[];

  const activities: UploadActivities = {
    completeMultipart: async (input) => void calls.push(`completeMultipart:${input.parts.length}`),
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
    verdicts = [];
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
    verdicts = [{ kind: 'ok' }];
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
    expect(calls).toEqual(['verify', 'commit']);
  });

  it('gives up at expiry when nothing arrives, days later in seconds of wall time', async () => {
    const started = Date.now();
    const result = await run((input, taskQueue) =>
      env.client.workflow.execute(uploadWorkflow, { taskQueue, workflowId: input.fileId, args: [input] }),
    );
    expect(result).toEqual({
      status: 'failed',
      reason: 'the object never arrived before the upload expired',
    });
    expect(calls).toEqual(['verify', 'fail:the object never arrived before the upload expired']);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('confirms by itself at expiry an object whose storage event was lost', async () => {
    verdicts = [{ kind: 'ok' }];
    const result = await run((input, taskQueue) =>
      env.client.workflow.execute(uploadWorkflow, { taskQueue, workflowId: input.fileId, args: [input] }),
    );
    expect(result).toEqual({ status: 'ready' });
    expect(calls).toEqual(['verify', 'commit']);
  });

  it('answers complete with ready, assembling multipart parts first', async () => {
    verdicts = [{ kind: 'ok' }];
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
    expect(calls).toEqual(['completeMultipart:2', 'verify', 'commit']);
  });

  it('answers waiting to a complete that comes before the object, and still confirms it later', async () => {
    verdicts = [{ kind: 'missing' }, { kind: 'ok' }];
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
    expect(calls).toEqual(['verify', 'verify', 'commit']);
  });

  it('fails and cleans up when the stored object does not match the declaration', async () => {
    verdicts = [{ kind: 'mismatch', reason: 'stored 11 bytes, declared 10' }];
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
    expect(calls).toEqual(['verify', 'fail:stored 11 bytes, declared 10']);
  });
});
