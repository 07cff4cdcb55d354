import pino, { type Logger } from 'pino';

export type { Logger };

/** One JSON logger per process; modules take children named after themselves. */
export function createLogger(options: { level: string; name?: string }): Logger {
  return pino({
    name: options.name ?? 'streamhub',
    level: options.level,
    redact: {
      paths: ['*.password', '*.refreshToken', '*.accessToken', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
