import type { Knex } from 'knex';
import { createS3Client } from '../s3-client';
import { eventually } from './eventually';

/**
 * Everything of one user left anywhere, row counts per table of every
 * schema and S3 versions under the user's prefix: after an account
 * deletion, every count must be 0.
 */
export async function accountLeftovers(db: Knex, userId: string): Promise<Record<string, number>> {
  const count = async (query: Knex.QueryBuilder) =>
    Number(((await query.count({ n: '*' }).first()) as { n: string }).n);
  const fileIds = db('files.files').where({ owner_id: userId }).select('id');
  const messageIds = db('chat.messages').where({ sender_id: userId }).select('id');
  const leftovers: Record<string, number> = {
    'auth.users': await count(db('auth.users').where({ id: userId })),
    'auth.refresh_tokens': await count(db('auth.refresh_tokens').where({ user_id: userId })),
    'files.files': await count(db('files.files').where({ owner_id: userId })),
    'files.file_versions': await count(db('files.file_versions').whereIn('file_id', fileIds)),
    'files.folders': await count(db('files.folders').where({ owner_id: userId })),
    'files.usage': await count(db('files.usage').where({ user_id: userId })),
    'files.shares (made)': await count(db('files.shares').where({ owner_id: userId })),
    'admin.audit_log (actor or subject)': await count(
      db('admin.audit_log').where({ actor_user_id: userId }).orWhere({ subject_id: userId }),
    ),
    // Chat and notifications forget an account through account.deleted (asynchronous: see settledAccountLeftovers).
    'chat.members (memberships, read positions)': await count(db('chat.members').where({ user_id: userId })),
    'chat.messages (not erased)': await count(
      db('chat.messages')
        .where({ sender_id: userId })
        .andWhere((kept) => kept.whereNotNull('body').orWhereNull('deleted_at')),
    ),
    'chat.attachments (of its messages)': await count(
      db('chat.attachments').whereIn('message_id', messageIds),
    ),
    'notifications.notifications': await count(db('notifications.notifications').where({ user_id: userId })),
    'notifications.channel_levels': await count(
      db('notifications.channel_levels').where({ user_id: userId }),
    ),
  };
  const billingTables = (
    await db.raw<{ rows: Array<{ table_name: string }> }>(
      "SELECT table_name FROM information_schema.columns WHERE table_schema = 'billing' AND column_name = 'user_id'",
    )
  ).rows;
  for (const { table_name } of billingTables)
    leftovers[`billing.${table_name}`] = await count(db(`billing.${table_name}`).where({ user_id: userId }));
  leftovers['S3 versions'] = await storedVersions(userId);
  return leftovers;
}

/**
 * accountLeftovers once the asynchronous part of a deletion (the
 * account.deleted consumers) had time to run: polls until nothing is left,
 * else answers the last counts, so the test's comparison shows what stayed.
 */
export async function settledAccountLeftovers(
  db: Knex,
  userId: string,
  timeoutMs = 30_000,
): Promise<Record<string, number>> {
  let last: Record<string, number> = {};
  try {
    return await eventually(
      async () => {
        last = await accountLeftovers(db, userId);
        return Object.values(last).every((n) => n === 0) ? last : undefined;
      },
      `nothing left of ${userId}`,
      timeoutMs,
    );
  } catch {
    return last;
  }
}

/** Every S3 version and delete marker under `users/<userId>/` in the test run's bucket. */
export async function storedVersions(userId: string): Promise<number> {
  const env = process.env;
  const client = createS3Client({
    endpoint: env.S3_ENDPOINT!,
    region: env.S3_REGION ?? 'us-east-1',
    accessKey: env.S3_ACCESS_KEY!,
    secretKey: env.S3_SECRET_KEY!,
  });
  let versions = 0;
  for await (const _ of client.listObjects(env.S3_BUCKET!, `users/${userId}/`, true, {
    IncludeVersion: true,
  }))
    versions += 1;
  return versions;
}

/** The same keys, every count 0: what `accountLeftovers` must equal once the account is deleted. */
export function nothingLeft(leftovers: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(leftovers).map((key) => [key, 0]));
}
