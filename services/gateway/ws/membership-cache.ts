import type { ChatCalls } from './chat-calls';

interface Membership {
  member: boolean;
  memberIds: string[];
  until: number;
}

const TTL_MS = 5_000;
const MAX_CHANNELS = 10_000;

/**
 * GetMembership answers for a few seconds, so typing indicators (several a
 * second per typist) cost no chat call each. A members_changed event drops
 * its channel at once; the TTL bounds staleness when that event is missed.
 */
export class MembershipCache {
  private readonly channels = new Map<string, Map<string, Membership>>();

  constructor(
    private readonly chat: ChatCalls,
    private readonly now: () => number = Date.now,
  ) {}

  async get(userId: string, channelId: string): Promise<Omit<Membership, 'until'>> {
    const cached = this.channels.get(channelId)?.get(userId);
    if (cached && cached.until > this.now()) return cached;
    const { member, memberIds } = await this.chat.getMembership({ userId, channelId });
    let users = this.channels.get(channelId);
    if (!users) {
      if (this.channels.size >= MAX_CHANNELS) this.channels.delete(this.channels.keys().next().value!);
      users = new Map();
      this.channels.set(channelId, users);
    }
    const entry = { member, memberIds, until: this.now() + TTL_MS };
    users.set(userId, entry);
    return entry;
  }

  invalidate(channelId: string): void {
    this.channels.delete(channelId);
  }
}
