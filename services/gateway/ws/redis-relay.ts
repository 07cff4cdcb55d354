import type { Redis } from 'ioredis';
import type { Logger } from '../../internal/logger';

/** What one gateway tells every gateway: who is typing where, who came online or left. */
export type RelayMessage =
  | { kind: 'typing'; channelId: string; userId: string; to: string[] }
  | { kind: 'presence'; userId: string; status: 'online' | 'offline'; to: string[] };

const CHANNEL = 'ws-relay';

export interface RedisRelay {
  publish(message: RelayMessage): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Redis pub/sub between gateway processes for what is not a stored event
 * (typing, presence changes): fire and forget, so a message published while
 * a gateway reconnects is simply missed, which only delays an indicator.
 */
export async function startRedisRelay(
  redis: Redis,
  logger: Logger,
  receive: (message: RelayMessage) => void,
): Promise<RedisRelay> {
  // Redis prefixes keys, not channels: the prefix keeps installations apart.
  const channel = `${redis.options.keyPrefix ?? ''}${CHANNEL}`;
  const subscriber = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  subscriber.on('error', (error: Error) => logger.warn({ err: error }, 'ws relay subscriber error'));
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    try {
      receive(JSON.parse(text) as RelayMessage);
    } catch (error) {
      logger.warn({ err: error }, 'ignoring a ws relay message that is not JSON');
    }
  });
  if (subscriber.status === 'wait') await subscriber.connect();
  await subscriber.subscribe(channel);
  return {
    async publish(message) {
      await redis.publish(channel, JSON.stringify(message));
    },
    async stop() {
      await subscriber.quit();
    },
  };
}
