import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signUpUser } from '../internal/testing/api-users';
import { requireTestEnv } from '../internal/testing/require-env';
import { startTestPlatform, type TestPlatform } from '../internal/testing/test-platform';
import { passingRunSummary } from './testing/schemathesis-summary';

// Schemathesis (installed by tilt/local/install/schemathesis.ts) sends
// requests generated from /openapi.json to a running platform, with a real
// user's token, on every operation: documented examples, boundary values and
// random ones. The run must end with no server error, and every status
// code, content type and body as the document says.

const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
];
/** Bounds the run to a few minutes on a CI machine. */
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 50);
const FUZZ_TIMEOUT_MS = 8 * 60_000;

function runSchemathesis(
  binary: string,
  args: string[],
  cwd: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // Run where its reports go: Schemathesis keeps a .schemathesis folder in its working directory.
    const child = spawn(binary, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the API under Schemathesis (generated from /openapi.json)', () => {
  let app: TestPlatform;

  beforeAll(async () => {
    app = await startTestPlatform({
      // The fuzzer must reach the handlers, not the per-address limits
      // (their 429 answers have tests of their own).
      env: { RATE_LIMIT_AUTH_MAX: '100000', RATE_LIMIT_OTP_MAX: '100000' },
    });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it(
    'finds no server error and no answer the document does not describe',
    async () => {
      const { SCHEMATHESIS_BIN } = requireTestEnv(['SCHEMATHESIS_BIN']);
      const user = await signUpUser(app.baseUrl, 'fuzz');
      const login = await fetch(`${app.baseUrl}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: user.password }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamhub-fuzz-'));
      const { code, output } = await runSchemathesis(
        SCHEMATHESIS_BIN,
        [
          'run',
          `${app.baseUrl}/openapi.json`,
          '--checks',
          CHECKS.join(','),
          '--header',
          `Authorization: Bearer ${accessToken}`,
          '--max-examples',
          String(MAX_EXAMPLES),
          '--phases',
          'examples,coverage,fuzzing',
          '--workers',
          '2',
          // Generous: this checks answers, not speed, and on a loaded CI machine
          // (npm start beside two jest workers) one POST /v1/uploads, which
          // starts a Temporal workflow on the dev server, once took over 10 s.
          '--request-timeout',
          '30',
          '--seed',
          '20261130',
          // The HTML documentation page and its assets are not an API.
          '--exclude-operation-id-regex',
          '^docs',
          '--report',
          'junit',
          '--report-dir',
          reportDir,
        ],
        reportDir,
      );
      // The whole report on failure; the summary (how many cases, which phases) always.
      process.stdout.write(code === 0 ? passingRunSummary(output) : output);
      expect({ code, failures: output.match(/^\s*\d+\. .*$/gm) ?? [] }).toEqual({ code: 0, failures: [] });
    },
    FUZZ_TIMEOUT_MS,
  );
});
