// `node dist/tilt/local/dev-data-untouched.js`, run by .ci/run after `npm
// test` ran beside a fresh `npm start`: the dev app's data must hold nothing.
// No test wrote there, and the dev app acted on no test's events: its billing
// consumer would have given each test user a subscription, its audit log
// would have recorded their signups.
import { Redis } from 'ioredis';
import { Client as MinioClient } from 'minio';
import pg from 'pg';
import { HOST, resolvePorts } from './ports';
import { MINIO_ACCESS_KEY, MINIO_SECRET_KEY } from './servers/minio';
import { postgresUrl } from './servers/postgres';
import { BUCKET, DEV_DATABASE } from './stack';

const DEV_TABLES = ['auth.users', 'admin.audit_log', 'billing.subscriptions', 'files.files'];
// The dev app's Redis keys carry the default REDIS_KEY_PREFIX.
const DEV_REDIS_KEYS = 'streamhub:*';

async function devDataProblems(): Promise<string[]> {
  const ports = resolvePorts();
  const problems: string[] = [];

  const db = new pg.Client({ connectionString: postgresUrl(ports.postgres, DEV_DATABASE) });
  await db.connect();
  try {
    for (const table of DEV_TABLES) {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      if (rows[0]!.n !== 0) problems.push(`${table} in the dev database has ${rows[0]!.n} rows`);
    }
  } finally {
    await db.end();
  }

  const minio = new MinioClient({
    endPoint: HOST,
    port: ports.minio,
    useSSL: false,
    accessKey: MINIO_ACCESS_KEY,
    secretKey: MINIO_SECRET_KEY,
  });
  let versions = 0;
  for await (const _ of minio.listObjects(BUCKET, '', true, { IncludeVersion: true })) versions += 1;
  if (versions !== 0) problems.push(`the dev bucket ${BUCKET} holds ${versions} object versions`);

  const redis = new Redis(`redis://${HOST}:${ports.redis}`);
  try {
    const [, keys] = await redis.scan('0', 'MATCH', DEV_REDIS_KEYS, 'COUNT', 100_000);
    if (keys.length !== 0) problems.push(`Redis holds dev app keys: ${keys.slice(0, 5).join(', ')}`);
  } finally {
    redis.disconnect();
  }
  return problems;
}

devDataProblems().then(
  (problems) => {
    if (problems.length > 0) {
      process.stderr.write(`the test run touched the dev app's data:\n  ${problems.join('\n  ')}\n`);
      process.exit(1);
    }
    process.stdout.write("the dev app's database, bucket and Redis keys are untouched by the test run\n");
  },
  (error: unknown) => {
    process.stderr.write(`could not check the dev app's data: ${String(error)}\n`);
    process.exit(1);
  },
);
