import { readMetrics, sampleIn } from '../services/internal/testing/metric-sample';

const GUESSES = ['current', 'stale', 'none'] as const;
export type PostCalls = Record<(typeof GUESSES)[number], number>;

/** The app's calls of chat.post_message_if_current so far, by the guess they carried (services/chat/post-call-metrics.ts). */
export async function readPostCalls(metricsUrl: string): Promise<PostCalls> {
  const exposition = await readMetrics(metricsUrl);
  const calls = (guess: string) =>
    sampleIn(exposition, 'streamhub_chat_post_calls_total', `guess="${guess}"`);
  return { current: calls('current'), stale: calls('stale'), none: calls('none') };
}

/** "1.32 calls a post (current 7,000, stale 2,300, none 0)": what a load's posts cost Postgres in calls. */
export function postCallsLine(before: PostCalls, after: PostCalls, posts: number): string {
  const made = (guess: keyof PostCalls) => after[guess] - before[guess];
  const total = GUESSES.reduce((sum, guess) => sum + made(guess), 0);
  const perPost = posts > 0 ? (total / posts).toFixed(2) : '—';
  const parts = GUESSES.map((guess) => `${guess} ${made(guess).toLocaleString('en-US')}`);
  return `${perPost} calls of chat.post_message_if_current a post (${parts.join(', ')})`;
}
