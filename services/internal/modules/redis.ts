import { Redis } from 'ioredis';
import type { StreamHubModule } from './provided';

export const redisModule: StreamHubModule = {
  config: ['redis'],
  async start({ config, use, logger }) {
    // Commands fail fast while Redis is away instead of queueing without bound.
    const { url, keyPrefix } = config.get('redis');
    const redis = new Redis(url, {
      keyPrefix,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error'));
    await redis.connect();
    use('health').add('redis', async () => (await redis.ping()) === 'PONG');
    return {
      value: redis,
      stop: async () => {
        await redis.quit();
      },
    };
  },
};
