// After `npm test` ran beside `npm start` on a fresh machine: the dev app's
// data must hold nothing, so no test wrote there and the dev app acted on no
// test's events (its billing consumer would have given every test user a
// subscription; its audit log would have recorded their signups). Reads the
// stack's default addresses (tilt/local/ports.ts).
import { Redis } from 'ioredis';
import { Client as MinioClient } from 'minio';
import pg from 'pg';

const problems = [];
const db = new pg.Client({ connectionString: 'postgres://streamhub:streamhub@127.0.0.1:15432/streamhub' });
await db.connect();
for (const table of ['auth.users', 'admin.audit_log', 'billing.subscriptions', 'files.files']) {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
  if (rows[0].n !== 0) problems.push(`${table} in the dev database has ${rows[0].n} rows`);
}
await db.end();

const minio = new MinioClient({
  endPoint: '127.0.0.1',
  port: 19000,
  useSSL: false,
  accessKey: 'streamhub',
  secretKey: 'streamhub-secret',
});
let objects = 0;
for await (const _ of minio.listObjects('streamhub', '', true, { IncludeVersion: true })) objects += 1;
if (objects !== 0) problems.push(`the dev bucket holds ${objects} object versions`);

const redis = new Redis('redis://127.0.0.1:16379');
const [, keys] = await redis.scan('0', 'MATCH', 'streamhub:*', 'COUNT', 10000);
if (keys.length !== 0) problems.push(`Redis holds dev app keys: ${keys.slice(0, 5).join(', ')}`);
redis.disconnect();

if (problems.length > 0) {
  console.error(`the test run touched the dev app's data:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log("the dev app's database, bucket and Redis keys are untouched by the test run");
