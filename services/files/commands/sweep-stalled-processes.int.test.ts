import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import knex from 'knex';
import { uploadWorkflowId } from '../../../workflows/upload/contract';
import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { loadConfig } from '../../internal/config';
import { apiClient, uniqueEmail } from '../../internal/testing/http';
import { startTestPlatform, type TestPlatform } from '../../internal/testing/test-platform';
import { createFilesDeps } from '../create-deps';
import { sweepStalledProcesses } from './sweep-stalled-processes';

// A crash between committing an upload (or a trash) and starting its
// workflow leaves work without a process; the sweep must find and start it.
describe('sweepStalledProcesses', () => {
  let app: TestPlatform;
  let db: ReturnType<typeof knex>;
  let connection: Connection;
  const taskQueue = `sweep-test-${randomUUID()}`;

  beforeAll(async () => {
    app = await startTestPlatform({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
    db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  });

  afterAll(async () => {
    await connection?.close();
    await db?.destroy();
    await app?.stop();
  });

  it('starts the workflow of an upload whose start was lost', async () => {
    const api = apiClient(app.baseUrl);
    const signup = await api('POST', '/v1/auth/signup', {
      body: { email: uniqueEmail('sweep'), password: 'correct horse battery' },
    });
    const token = signup.body.accessToken as string;
    const created = await api('POST', '/v1/uploads', {
      token,
      body: { name: 'lost.bin', size: 5, contentType: 'application/octet-stream' },
    });
    const fileId = created.body.file.id as string;
    const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE });
    // Simulate the crash: no workflow, no record of a start, committed long ago.
    await client.workflow.getHandle(uploadWorkflowId(fileId)).terminate('simulated crash before start');
    await db('files.file_versions')
      .where({ file_id: fileId })
      .update({ workflow_started_at: null, created_at: new Date(Date.now() - 5 * 60_000) });

    const config = loadConfig(
      { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, GRPC_PORT: String(app.grpcPort) },
      ['files', 'grpcClients', 'temporal'],
    );
    // The sweep changes no usage, so it needs no cache shared with the app.
    const deps = createFilesDeps({ db, temporal: client, config, usageCache: NO_CACHE });
    const repaired = await sweepStalledProcesses({ deps });

    expect(repaired.uploads).toBeGreaterThanOrEqual(1);
    const description = await client.workflow.getHandle(uploadWorkflowId(fileId)).describe();
    expect(description.status.name).toBe('RUNNING');
    const version = await db('files.file_versions').where({ file_id: fileId }).first();
    expect(version.workflow_started_at).not.toBeNull();
  });
});
