import type { EventHandler } from '../../internal/kafka/consumer';
import type { Event } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import { isUserId } from '../../internal/user-id';
import type { NotificationDraft } from '../commands/record-notifications';
import type { NotificationsDeps } from '../deps';
import { DEFAULT_CHANNEL_LEVEL } from '../levels';
import { notificationsStore } from '../store';
import { oneLine, personName } from './names';
import { notifyingConsumer } from './notifying-consumer';

const SNIPPET_LENGTH = 140;

/**
 * chat.events message.created → the members it concerns, by their level for
 * the channel (docs/messaging.md#notifications): `none` nothing; `mentions`
 * (the default) a `mention` when the message mentions them; `all` a
 * `mention` when it mentions them, a `message` otherwise. Never the sender;
 * a mentioned user who is not a member (the event carries the members at
 * the time) gets nothing. Edits and deletions notify nobody.
 */
export function createChatEventsConsumer(deps: NotificationsDeps, logger: Logger): EventHandler {
  return notifyingConsumer({
    name: 'notifications.chat-events',
    topics: [TOPICS.chatEvents],
    deps,
    logger,
    draftsFor: (event) => chatEventDrafts(deps, event),
  });
}

export async function chatEventDrafts(deps: NotificationsDeps, event: Event): Promise<NotificationDraft[]> {
  if (event.payload.case !== 'messagePosted') return [];
  const { message, memberIds } = event.payload.value;
  // Malformed ids must not wedge the partition (they would fail the uuid query).
  if (!message || !isUserId(message.channelId)) return [];
  const mentioned = new Set(message.mentionedUserIds);
  const others = [...new Set(memberIds)].filter((id) => id !== message.senderId && isUserId(id));
  const levels = await notificationsStore.levelsInChannel(deps.db, message.channelId, others);
  const recipients = others.flatMap((userId) => {
    const level = levels.get(userId) ?? DEFAULT_CHANNEL_LEVEL;
    if (level === 'none') return [];
    if (mentioned.has(userId)) return [{ userId, mention: true }];
    return level === 'all' ? [{ userId, mention: false }] : [];
  });
  if (recipients.length === 0) return [];
  const sender = await personName(deps, message.senderId);
  const snippet = oneLine(message.body, SNIPPET_LENGTH) || 'Sent an attachment.';
  return recipients.map(({ userId, mention }) => ({
    userId,
    kind: mention ? 'mention' : 'message',
    title: mention ? `${sender} mentioned you` : `New message from ${sender}`,
    body: snippet,
    subjectId: message.channelId,
    data: { channelId: message.channelId, messageId: message.id },
  }));
}
