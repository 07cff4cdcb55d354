/**
 * How much of a channel a member is told about (docs/messaging.md#notifications):
 * `all` every message, `mentions` only messages that mention them (the
 * default for a channel they never set), `none` nothing.
 */
export const CHANNEL_LEVELS = ['all', 'mentions', 'none'] as const;
export type ChannelLevel = (typeof CHANNEL_LEVELS)[number];
export const DEFAULT_CHANNEL_LEVEL: ChannelLevel = 'mentions';

export function isChannelLevel(value: string): value is ChannelLevel {
  return (CHANNEL_LEVELS as readonly string[]).includes(value);
}
