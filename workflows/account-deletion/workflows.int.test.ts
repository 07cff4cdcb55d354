import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../testing/time-skipping-env';
import { progressQuery, type AccountDeletionActivities } from './contract';
import { accountDeletionWorkflow } from './workflows';

const MINUTE_MS = 60_000;

describe('accountDeletionWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let calls: string[];
  let objectPages: number[];
  let filePages: number[];
  let uploadUrlsValidUntil: () => string | null;
  let failNextObjectsPage: boolean;

  const activities: AccountDeletionActivities = {
    disableAccountForDeletion: async () => (calls.push('disable'), { found: true }),
    stopUserWorkflows: async (input) => (
      calls.push(`stop except ${input.keepWorkflowId}`),
      { terminated: 1 }
    ),
    abortUserUploads: async () => (
      calls.push('abort uploads'),
      { uploadUrlsValidUntil: uploadUrlsValidUntil() }
    ),
    deleteUserObjectsPage: async () => {
      if (failNextObjectsPage) {
        failNextObjectsPage = false;
        throw new Error('the storage service is down');
      }
      const deleted = objectPages.shift() ?? 0;
      calls.push(`objects ${deleted}`);
      return { deleted, more: deleted === 1000 };
    },
    deleteUserFilesPage: async (input) => {
      const deleted = filePages.shift() ?? 0;
      calls.push(`files ${deleted}`);
      return { deleted, more: deleted === input.limit };
    },
    deleteBillingAccount: async () => void calls.push('billing'),
    deleteAuthAccount: async () => (calls.push('auth'), { deleted: true }),
    anonymiseAuditEntries: async () => (calls.push('audit'), { anonymised: 2 }),
  };

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  beforeEach(() => {
    calls = [];
    objectPages = [];
    filePages = [];
    uploadUrlsValidUntil = () => null;
    failNextObjectsPage = false;
  });

  async function run(workflowId: string) {
    const taskQueue = `account-deletion-${Math.random()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./workflows'),
      activities,
    });
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(accountDeletionWorkflow, {
        taskQueue,
        workflowId,
        args: [{ userId: 'u-1', requestedBy: 'admin-1' }],
      });
      const result = await handle.result();
      return { result, progress: await handle.query(progressQuery) };
    });
  }

  it('disables, stops the other workflows, pages through objects and files, then billing, auth and the audit log', async () => {
    objectPages = [1000, 1000, 3];
    filePages = [1000, 7];
    const workflowId = `account-deletion:${Math.random()}`;
    const { result, progress } = await run(workflowId);
    expect(calls).toEqual([
      'disable',
      `stop except ${workflowId}`,
      'abort uploads',
      'objects 1000',
      'objects 1000',
      'objects 3',
      'files 1000',
      'files 7',
      'billing',
      'auth',
      'audit',
    ]);
    expect(result).toEqual({ step: 'done', deletedObjectVersions: 2003, deletedFiles: 1007 });
    expect(progress).toEqual(result);
  });

  it('retries a failed step until it succeeds, deleting nothing twice', async () => {
    objectPages = [5];
    failNextObjectsPage = true;
    const { result } = await run(`account-deletion:${Math.random()}`);
    expect(result.deletedObjectVersions).toBe(5);
    expect(calls.filter((call) => call.startsWith('objects'))).toEqual(['objects 5']);
  });

  it('sweeps objects and files again once every upload URL handed out has expired', async () => {
    const validUntil = new Date(Number(await env.currentTimeMs()) + 15 * MINUTE_MS).toISOString();
    uploadUrlsValidUntil = () => (calls.includes('objects 0') ? null : validUntil);
    const started = Date.now();
    const { result } = await run(`account-deletion:${Math.random()}`);
    expect(result.step).toBe('done');
    expect(calls.filter((call) => call === 'objects 0')).toHaveLength(2);
    expect(calls.filter((call) => call === 'files 0')).toHaveLength(2);
    expect(calls.indexOf('billing')).toBeGreaterThan(calls.lastIndexOf('files 0'));
    expect(Date.now() - started).toBeLessThan(15 * MINUTE_MS);
  });
});
