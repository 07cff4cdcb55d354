import type { z } from 'zod';
import type { GatewayServices } from '../../services';
import type { NotificationLevel } from '../notifications/schema';

type Level = z.infer<typeof NotificationLevel>;

/** The notifications service's default for a channel the user never set (services/notifications/levels.ts). */
export const DEFAULT_LEVEL: Level = 'mentions';

// GetChannelLevels answers at most this many channels a call.
const LEVELS_PER_CALL = 1000;

/**
 * The user's notification level of each channel of a list, by channel id:
 * one GetChannelLevels call for the list (one per 1,000 channels), not one
 * per channel.
 */
export async function channelLevels(
  services: Pick<GatewayServices, 'notifications'>,
  userId: string,
  channelIds: string[],
): Promise<Map<string, Level>> {
  const calls: Array<Promise<{ levels: Array<{ channelId: string; level: string }> }>> = [];
  for (let start = 0; start < channelIds.length; start += LEVELS_PER_CALL)
    calls.push(
      services.notifications.getChannelLevels({
        userId,
        channelIds: channelIds.slice(start, start + LEVELS_PER_CALL),
      }),
    );
  const levels = new Map<string, Level>();
  for (const answer of await Promise.all(calls))
    for (const { channelId, level } of answer.levels) levels.set(channelId, level as Level);
  return levels;
}
