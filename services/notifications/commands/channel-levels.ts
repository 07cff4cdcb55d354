import { isUserId } from '../../internal/user-id';
import type { NotificationsDeps } from '../deps';
import { NOTIFICATIONS_ERRORS } from '../errors';
import { DEFAULT_CHANNEL_LEVEL, isChannelLevel, type ChannelLevel } from '../levels';
import { notificationsStore } from '../store';

/** Only a member has a level; anyone else learns nothing about the channel (chat's own 404). */
async function requireMember(deps: Pick<NotificationsDeps, 'chat'>, userId: string, channelId: string) {
  if (!isUserId(userId)) throw NOTIFICATIONS_ERRORS.invalidUserId();
  if (!isUserId(channelId)) throw NOTIFICATIONS_ERRORS.channelNotFound();
  const { member } = await deps.chat.getMembership({ userId, channelId });
  if (!member) throw NOTIFICATIONS_ERRORS.channelNotFound();
}

export async function setChannelLevel(props: {
  deps: Pick<NotificationsDeps, 'db' | 'chat'>;
  userId: string;
  channelId: string;
  level: string;
}): Promise<void> {
  if (!isChannelLevel(props.level)) throw NOTIFICATIONS_ERRORS.invalidLevel();
  await requireMember(props.deps, props.userId, props.channelId);
  await notificationsStore.setLevel(props.deps.db, props.userId, props.channelId, props.level);
}

export async function getChannelLevel(props: {
  deps: Pick<NotificationsDeps, 'db' | 'chat'>;
  userId: string;
  channelId: string;
}): Promise<ChannelLevel> {
  await requireMember(props.deps, props.userId, props.channelId);
  const levels = await notificationsStore.levelsOfUser(props.deps.db, props.userId, [props.channelId]);
  return levels.get(props.channelId) ?? DEFAULT_CHANNEL_LEVEL;
}

/**
 * The user's level for each channel (the default where none was set). No
 * membership check: it answers only the caller's own settings, for a list of
 * channels the caller already got from chat (GET /v1/channels).
 */
export async function getChannelLevels(props: {
  deps: Pick<NotificationsDeps, 'db'>;
  userId: string;
  channelIds: string[];
}): Promise<Array<{ channelId: string; level: ChannelLevel }>> {
  if (!isUserId(props.userId)) throw NOTIFICATIONS_ERRORS.invalidUserId();
  const channelIds = props.channelIds.filter(isUserId).slice(0, 1000);
  const levels = await notificationsStore.levelsOfUser(props.deps.db, props.userId, channelIds);
  return channelIds.map((channelId) => ({
    channelId,
    level: levels.get(channelId) ?? DEFAULT_CHANNEL_LEVEL,
  }));
}
