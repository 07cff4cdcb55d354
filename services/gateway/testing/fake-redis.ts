import type { Redis } from 'ioredis';

/**
 * The slice of Redis the gateway's rate limiter uses (MULTI, INCR, EXPIRE,
 * EXEC), kept in memory. `failing` makes every command fail, like a Redis
 * that is down.
 */
export function fakeRedis(options: { failing?: boolean } = {}): Redis {
  const counters = new Map<string, number>();
  const multi = () => {
    const commands: Array<() => number> = [];
    const transaction = {
      incr(key: string) {
        commands.push(() => {
          const count = (counters.get(key) ?? 0) + 1;
          counters.set(key, count);
          return count;
        });
        return transaction;
      },
      expire() {
        commands.push(() => 1);
        return transaction;
      },
      async exec() {
        if (options.failing) throw new Error('connect ECONNREFUSED (fake Redis is down)');
        return commands.map((command) => [null, command()]);
      },
    };
    return transaction;
  };
  return { multi } as unknown as Redis;
}
