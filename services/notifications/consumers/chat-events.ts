import type { ChatMessage } from '../../../proto/gen/events/v1/events_pb.js';
import type { EventHandler } from '../../internal/kafka/consumer';
import type { Event } from '../../internal/kafka/events';
import { TOPICS } from '../../internal/kafka/topics';
import type { Logger } from '../../internal/logger';
import { isUserId } from '../../internal/user-id';
import type { NotificationDraft } from '../commands/record-notifications';
import type { NotificationsDeps } from '../deps';
import { DEFAULT_CHANNEL_LEVEL, type ChannelLevel } from '../levels';
import { levelKey, notificationsStore } from '../store';
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
    draftsFor: (events) => chatEventDrafts(deps, events),
  });
}

interface Posted {
  message: ChatMessage;
  /** The members it may notify: never the sender, only well-formed ids. */
  others: string[];
}

/** Each event's drafts, with the levels of every member they concern read in one query. */
export async function chatEventDrafts(
  deps: NotificationsDeps,
  events: Event[],
): Promise<NotificationDraft[][]> {
  const posts = events.map(postedIn);
  const members = new Map<string, { channelId: string; userId: string }>();
  for (const post of posts) {
    const channelId = post?.message.channelId ?? '';
    for (const userId of post?.others ?? []) members.set(levelKey(channelId, userId), { channelId, userId });
  }
  const levels = await notificationsStore.levelsOfMembers(deps.db, [...members.values()]);
  const drafts: NotificationDraft[][] = [];
  for (const post of posts) drafts.push(post ? await postDrafts(deps, post, levels) : []);
  return drafts;
}

function postedIn(event: Event): Posted | undefined {
  if (event.payload.case !== 'messagePosted') return undefined;
  const { message, memberIds } = event.payload.value;
  // Malformed ids must not wedge the partition (they would fail the uuid query).
  if (!message || !isUserId(message.channelId)) return undefined;
  const others = [...new Set(memberIds)].filter((id) => id !== message.senderId && isUserId(id));
  return { message, others };
}

async function postDrafts(
  deps: NotificationsDeps,
  { message, others }: Posted,
  levels: ReadonlyMap<string, ChannelLevel>,
): Promise<NotificationDraft[]> {
  const mentioned = new Set(message.mentionedUserIds);
  const recipients = others.flatMap((userId) => {
    const level = levels.get(levelKey(message.channelId, userId)) ?? DEFAULT_CHANNEL_LEVEL;
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
