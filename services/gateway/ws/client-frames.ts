import { z } from 'zod';

// What a client may send (docs/messaging.md#frames). Anything else is
// answered with an `error` frame; the socket stays open.
const CHANNEL_ID = z.uuid();
// A resume names at most this many channels (a client in more sends several).
export const MAX_RESUME_CHANNELS = 500;

const clientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(8192) }),
  z.object({
    type: z.literal('resume'),
    channels: z
      .record(CHANNEL_ID, z.number().int().min(0).max(Number.MAX_SAFE_INTEGER))
      .refine((channels) => Object.keys(channels).length <= MAX_RESUME_CHANNELS, {
        message: `at most ${MAX_RESUME_CHANNELS} channels per resume`,
      }),
  }),
  z.object({ type: z.literal('typing'), channelId: CHANNEL_ID }),
  z.object({ type: z.literal('ping') }),
]);

export type ClientFrame = z.infer<typeof clientFrame>;

/** The frame, or the reason it is not one. */
export function parseClientFrame(text: string): { frame: ClientFrame } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'a frame is one JSON object' };
  }
  const parsed = clientFrame.safeParse(json);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'not a known frame' };
  return { frame: parsed.data };
}
