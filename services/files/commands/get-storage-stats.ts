import type { FilesDeps } from '../deps';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface StorageStats {
  bytesStored: bigint;
  /** Oldest first; every day of the window, zero days included. */
  uploadsPerDay: Array<{ day: string; count: bigint }>;
}

/**
 * For the admin stats: bytes stored over every user (the usage table, so
 * versions and trash count as they do against quotas) and uploads that
 * became ready per UTC day, over `days` days ending with today.
 */
export async function getStorageStats(props: {
  deps: Pick<FilesDeps, 'db'>;
  days: number;
  now?: Date;
}): Promise<StorageStats> {
  const { db } = props.deps;
  const today = utcDay(props.now ?? new Date());
  const first = new Date(today.getTime() - (props.days - 1) * DAY_MS);
  const end = new Date(today.getTime() + DAY_MS);
  const [stored, perDay] = await Promise.all([
    db.raw<{ rows: Array<{ bytes: string | null }> }>(
      'SELECT sum(used_bytes)::text AS bytes FROM files.usage',
    ),
    db
      .withSchema('files')
      .table('file_versions')
      .select(db.raw(`to_char(ready_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day`))
      .count({ count: '*' })
      .where('status', 'ready')
      .where('ready_at', '>=', first)
      .where('ready_at', '<', end)
      .groupBy('day'),
  ]);
  const counts = new Map(
    (perDay as Array<{ day: string; count: string }>).map((row) => [row.day, BigInt(row.count)]),
  );
  const uploadsPerDay = Array.from({ length: props.days }, (_, index) => {
    const day = new Date(first.getTime() + index * DAY_MS).toISOString().slice(0, 10);
    return { day, count: counts.get(day) ?? 0n };
  });
  return { bytesStored: BigInt(stored.rows[0]?.bytes ?? 0), uploadsPerDay };
}

function utcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}
